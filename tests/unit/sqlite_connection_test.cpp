// SQLite connections of one pool take turns for write transactions.
#include "db/sqlite_connection.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

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
