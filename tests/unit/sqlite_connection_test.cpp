// SQLite connections of one pool take turns for write transactions, and keep the
// planner's statistics current.
#include "db/sqlite_connection.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "db/error.hpp"
#include "db/migrator.hpp"
#include "db/pool.hpp"
#include "util/embedded.hpp"

namespace {

struct TempDb {
  TempDb() {
    std::string t = "/tmp/sqlite-conn-test-XXXXXX";
    dir = ::mkdtemp(t.data());
    path = dir + "/db.sqlite3";
  }
  ~TempDb() { std::filesystem::remove_all(dir); }
  std::string dir, path;
};

TEST(SqliteConnection, WritersSharingALockTakeTurns) {
  TempDb db;
  auto lock = std::make_shared<std::mutex>();
  db::SqliteConnection a(db.path, lock), b(db.path, lock);
  a.exec_script("CREATE TABLE t (v INTEGER)");
  a.begin(true);
  a.execute("INSERT INTO t VALUES (1)", {});
  std::atomic<bool> b_began{false};
  std::thread other([&] {
    b.begin(true);  // waits for a's commit
    b_began = true;
    b.execute("INSERT INTO t VALUES (2)", {});
    b.commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(b_began);
  a.commit();
  other.join();
  EXPECT_TRUE(b_began);
  EXPECT_EQ(db::scalar_int(a, "SELECT COUNT(*) FROM t").value_or(0), 2);
}

TEST(SqliteConnection, ARolledBackWriterLetsTheNextOneIn) {
  TempDb db;
  auto lock = std::make_shared<std::mutex>();
  db::SqliteConnection a(db.path, lock), b(db.path, lock);
  a.exec_script("CREATE TABLE t (v INTEGER)");
  {
    db::Transaction tx(a, true);
    a.execute("INSERT INTO t VALUES (1)", {});
  }  // rolled back
  db::Transaction tx(b, true);
  b.execute("INSERT INTO t VALUES (2)", {});
  tx.commit();
  EXPECT_EQ(db::scalar_int(a, "SELECT COUNT(*) FROM t").value_or(0), 1);
}

TEST(SqliteConnection, ReadersDoNotWaitForAWriter) {
  TempDb db;
  auto lock = std::make_shared<std::mutex>();
  db::SqliteConnection a(db.path, lock), b(db.path, lock);
  a.exec_script("CREATE TABLE t (v INTEGER); INSERT INTO t VALUES (1);");
  a.begin(true);
  a.execute("INSERT INTO t VALUES (2)", {});
  b.begin(false);
  EXPECT_EQ(db::scalar_int(b, "SELECT COUNT(*) FROM t").value_or(0), 1);  // a's snapshot
  b.commit();
  a.commit();
}

}  // namespace

namespace {

// Statements built from input (an IN list of any length) are all different; the
// cache keeps the most recently used ones only, and a kept one is reused.
TEST(SqliteConnection, TheStatementCacheIsBounded) {
  TempDb db;
  db::SqliteConnection c(db.path);
  c.exec_script("CREATE TABLE t (v INTEGER)");
  c.execute("INSERT INTO t (v) VALUES (?)", {std::int64_t{7}});
  std::string in = "0";
  for (int i = 1; i <= 3000; ++i) {
    in += "," + std::to_string(i);
    auto rows = c.query("SELECT v FROM t WHERE v IN (" + in + ")", {});
    ASSERT_EQ(rows.size(), i >= 7 ? 1u : 0u);
    // A hot statement stays usable between them.
    if (i % 100 == 0) {
      ASSERT_EQ(c.query("SELECT v FROM t", {}).size(), 1u);
    }
  }
  EXPECT_EQ(c.cached_statements(), db::SqliteConnection::kMaxCachedStatements);
}

}  // namespace

namespace {

// The planner's statistics, kept by the connections themselves (SQLite 3.40's rules).

std::int64_t stat_rows(db::Connection& c, const std::string& table) {
  if (db::scalar_int(c, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
          .value_or(0) == 0) {
    return 0;
  }
  return db::scalar_int(c, "SELECT COUNT(*) FROM sqlite_stat1 WHERE tbl = ?", {table}).value_or(0);
}

// A table that grows from empty, with an index on the organization and one on a
// narrower column: without statistics the planner walks the organization's index (it
// is in id order), with them it takes the narrower one.
void create_growing_table(db::Connection& c, const std::string& name) {
  c.exec_script("CREATE TABLE " + name +
                " (id INTEGER PRIMARY KEY, org_id INTEGER, k INTEGER, j INTEGER);" +
                "CREATE INDEX " + name + "_org ON " + name + " (org_id, id);" + "CREATE INDEX " +
                name + "_k ON " + name + " (org_id, k, j);");
}
void fill(db::Connection& c, const std::string& table, int rows) {
  db::Transaction tx(c, true);
  for (int i = 0; i < rows; ++i) {
    c.execute("INSERT INTO " + table + " (org_id, k, j) VALUES (1, ?, 1)", {std::int64_t{i}});
  }
  tx.commit();
}
std::string plan(db::Connection& c, const std::string& table) {
  std::string out;
  for (const auto& r : c.query(
           "EXPLAIN QUERY PLAN SELECT id FROM " + table + " WHERE org_id = ? AND k = ? ORDER BY id",
           {std::int64_t{1}, std::int64_t{7}})) {
    out += r.text(3) + "\n";
  }
  return out;
}

TEST(SqliteStatistics, OptimizeAnalyzesWhatGrewOnALongLivedConnection) {
  TempDb db;
  db::SqliteConnection c(db.path);
  create_growing_table(c, "big");
  create_growing_table(c, "small");
  plan(c, "big");  // planned while empty, as a server's statements are
  plan(c, "small");
  fill(c, "big", 5000);
  fill(c, "small", 50);
  EXPECT_NE(plan(c, "big").find("big_org"), std::string::npos);
  c.optimize();
  EXPECT_EQ(stat_rows(c, "big"), 2);
  // Statistics of a small table would make the planner scan it while it grows.
  EXPECT_EQ(stat_rows(c, "small"), 0);
  EXPECT_NE(plan(c, "big").find("big_k"), std::string::npos);
}

TEST(SqliteStatistics, OptimizeReadsWhatAnotherConnectionAnalyzed) {
  TempDb db;
  db::SqliteConnection a(db.path), b(db.path), c(db.path);
  create_growing_table(a, "t");
  a.exec_script("ANALYZE");  // creates sqlite_stat1, so that no later change of schema shows
  stat_rows(b, "t");         // b and c load the schema now, and never plan on t before
  stat_rows(c, "t");
  fill(a, "t", 5000);
  a.exec_script("ANALYZE");
  b.optimize();
  EXPECT_NE(plan(b, "t").find("t_k"), std::string::npos);
  // A connection that does not read them again goes on without them.
  EXPECT_NE(plan(c, "t").find("t_org"), std::string::npos);
}

TEST(SqliteStatistics, AClosingConnectionAnalyzesWhatItsPlannerUsed) {
  TempDb db;
  {
    db::SqliteConnection c(db.path);
    create_growing_table(c, "t");
    fill(c, "t", 5000);
    plan(c, "t");
  }
  db::SqliteConnection c(db.path);
  EXPECT_EQ(stat_rows(c, "t"), 2);
  EXPECT_NE(plan(c, "t").find("t_k"), std::string::npos);
}

TEST(SqliteStatistics, OptimizeWaitsForTheTransactionToEnd) {
  TempDb db;
  db::SqliteConnection c(db.path);
  create_growing_table(c, "t");
  fill(c, "t", 5000);
  plan(c, "t");
  db::Transaction tx(c, false);
  c.optimize();  // nothing now
  tx.commit();
  EXPECT_EQ(db::scalar_int(c, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
                .value_or(-1),
            0);
  c.optimize();
  EXPECT_EQ(stat_rows(c, "t"), 2);
}

TEST(SqliteStatistics, MigratingANewDatabaseLeavesNoStatistics) {
  TempDb db;
  db::SqliteConnection c(db.path);
  EXPECT_GT(db::migrate(c), 0);
  // ANALYZE ran (it made the table); the built-in services are too few to keep theirs.
  ASSERT_EQ(db::scalar_int(c, "SELECT COUNT(*) FROM sqlite_schema WHERE name = 'sqlite_stat1'")
                .value_or(-1),
            1);
  EXPECT_EQ(db::scalar_int(c, "SELECT COUNT(*) FROM sqlite_stat1").value_or(-1), 0);
}

TEST(SqliteStatistics, MigratingAFilledDatabaseAnalyzesIt) {
  TempDb db;
  db::SqliteConnection c(db.path);
  // The schema one migration behind, as an older release left it.
  const auto files = embedded::migrations();
  c.exec_script(
      "CREATE TABLE schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, "
      "applied_at TEXT NOT NULL)");
  for (std::size_t i = 0; i + 1 < files.size(); ++i) {
    c.exec_script(db::render_migration(files[i].content, db::Dialect::kSqlite));
    c.execute("INSERT INTO schema_migrations VALUES (?, ?, 'then')",
              {static_cast<std::int64_t>(i + 1), std::string(files[i].name)});
  }
  {
    db::Transaction tx(c, true);
    for (int i = 0; i < 2000; ++i) {
      c.execute("INSERT INTO login_failures VALUES (?, 1, ?)",
                {"hash-" + std::to_string(i), std::int64_t{i}});
    }
    tx.commit();
  }
  EXPECT_EQ(db::migrate(c), 1);
  EXPECT_GT(stat_rows(c, "login_failures"), 0);
  EXPECT_EQ(stat_rows(c, "services"), 0);
}

TEST(SqliteStatistics, APoolRefreshesThemOnItsIdleConnections) {
  TempDb db;
  auto writers = std::make_shared<std::mutex>();
  db::Pool pool([&] { return std::make_unique<db::SqliteConnection>(db.path, writers); }, 2);
  {
    auto c = pool.acquire();
    create_growing_table(*c, "t");
    fill(*c, "t", 5000);
    plan(*c, "t");
  }
  pool.maintain(std::chrono::milliseconds(0), std::chrono::hours(1));
  db::SqliteConnection reader(db.path);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (stat_rows(reader, "t") == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(stat_rows(reader, "t"), 2);
}

}  // namespace

namespace {

// A savepoint writes under its transaction's lock: it neither waits for the lock it
// holds nor lets it go before the transaction ends.
TEST(SqliteConnection, ASavepointKeepsItsTransactionsWriteLock) {
  TempDb db;
  auto lock = std::make_shared<std::mutex>();
  db::SqliteConnection a(db.path, lock), b(db.path, lock);
  a.exec_script("CREATE TABLE t (v INTEGER)");
  std::atomic<bool> b_began{false};
  std::thread other;
  {
    db::Transaction tx(a, true);
    {
      db::Transaction sp(a, true);
      a.execute("INSERT INTO t VALUES (1)", {});
      sp.commit();
    }
    other = std::thread([&] {
      db::Transaction btx(b, true);  // waits for a's commit
      b_began = true;
      b.execute("INSERT INTO t VALUES (2)", {});
      btx.commit();
    });
    { db::Transaction sp(a, true); }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    EXPECT_FALSE(b_began);
    tx.commit();
  }
  other.join();
  EXPECT_EQ(db::scalar_int(a, "SELECT COUNT(*) FROM t").value_or(0), 2);
}

TEST(SqliteConnection, AWriteSavepointNeedsAWriteTransaction) {
  TempDb db;
  db::SqliteConnection c(db.path);
  c.exec_script("CREATE TABLE t (v INTEGER)");
  db::Transaction tx(c, false);
  EXPECT_THROW(db::Transaction(c, true), db::Error);
  db::Transaction read(c, false);  // a read savepoint is fine
  EXPECT_EQ(db::scalar_int(c, "SELECT COUNT(*) FROM t").value_or(-1), 0);
}

}  // namespace
