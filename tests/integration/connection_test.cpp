// A connection's batches and transactions on the real database: SQLite in a temporary
// folder, or PostgreSQL when E2E_PG_URL names one (the "postgres." tests, whose
// fixture starts a throwaway cluster). On PostgreSQL a batch is one pipeline and
// BEGIN travels with the transaction's first statement; both must behave exactly
// like statements sent one by one. A Transaction inside a Transaction is a savepoint.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "db/error.hpp"
#include "db/postgres_connection.hpp"
#include "db/sqlite_connection.hpp"

namespace {

class ConnectionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const char* pg = std::getenv("E2E_PG_URL");
    table_ = "connection_test_" + std::to_string(::getpid());
    if (pg && *pg) {
      c_ = std::make_unique<db::PostgresConnection>(pg);
    } else {
      dir_ = std::filesystem::temp_directory_path() / table_;
      std::filesystem::create_directories(dir_);
      c_ = std::make_unique<db::SqliteConnection>((dir_ / "test.sqlite3").string());
    }
    c_->exec_script("DROP TABLE IF EXISTS " + table_ + "; CREATE TABLE " + table_ +
                    " (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE)");
  }
  void TearDown() override {
    if (c_) c_->exec_script("DROP TABLE IF EXISTS " + table_);
    c_.reset();
    if (!dir_.empty()) std::filesystem::remove_all(dir_);
  }
  std::int64_t count() {
    return db::scalar_int(*c_, "SELECT COUNT(*) FROM " + table_).value_or(-1);
  }
  void insert(std::int64_t id, const std::string& name) {
    c_->execute("INSERT INTO " + table_ + " (id, name) VALUES (?, ?)", {id, name});
  }

  std::unique_ptr<db::Connection> c_;
  std::string table_;
  std::filesystem::path dir_;
};

TEST_F(ConnectionTest, ABatchAnswersEachStatementInOrder) {
  insert(1, "one");
  insert(2, "two");
  const db::Statement batch[] = {
      {"SELECT name FROM " + table_ + " WHERE id = ?", {std::int64_t{2}}},
      {"SELECT id FROM " + table_ + " WHERE id > ? ORDER BY id", {std::int64_t{0}}},
      {"SELECT name FROM " + table_ + " WHERE id = ?", {std::int64_t{99}}}};
  for (int round = 0; round < 2; ++round) {  // the second time, the statements are prepared
    auto results = c_->query_all(batch);
    ASSERT_EQ(results.size(), 3u);
    ASSERT_EQ(results[0].size(), 1u);
    EXPECT_EQ(results[0][0].text(0), "two");
    ASSERT_EQ(results[1].size(), 2u);
    EXPECT_EQ(results[1][0].int64(0), 1);
    EXPECT_EQ(results[1][1].int64(0), 2);
    EXPECT_TRUE(results[2].empty());
  }
}

TEST_F(ConnectionTest, AFailingStatementInABatchThrowsAndTheConnectionGoesOn) {
  insert(1, "one");
  const db::Statement bad_sql[] = {{"SELECT id FROM " + table_, {}},
                                   {"SELECT no_such_column FROM " + table_, {}},
                                   {"SELECT name FROM " + table_, {}}};
  EXPECT_THROW(c_->query_all(bad_sql), db::Error);
  // Again: a statement the server refused to prepare is not taken for prepared.
  EXPECT_THROW(c_->query_all(bad_sql), db::Error);
  const db::Statement duplicate[] = {
      {"INSERT INTO " + table_ + " (id, name) VALUES (?, ?) RETURNING id",
       {std::int64_t{2}, std::string("one")}}};
  try {
    c_->query_all(duplicate);
    ADD_FAILURE() << "a duplicate name was accepted";
  } catch (const db::Error& e) {
    EXPECT_EQ(e.kind(), db::ErrorKind::kUniqueViolation);
  }
  EXPECT_EQ(count(), 1);
  const db::Statement good[] = {{"SELECT name FROM " + table_, {}}};
  EXPECT_EQ(c_->query_all(good)[0][0].text(0), "one");
}

TEST_F(ConnectionTest, ATransactionCommitsAndRollsBackWhateverItsFirstStatement) {
  {
    db::Transaction tx(*c_, true);
    insert(1, "one");
    insert(2, "two");
    tx.commit();
  }
  EXPECT_EQ(count(), 2);
  {
    db::Transaction tx(*c_, true);
    insert(3, "three");  // rolled back with the transaction
  }
  EXPECT_EQ(count(), 2);
  {
    db::Transaction tx(*c_, true);
    const db::Statement batch[] = {
        {"INSERT INTO " + table_ + " (id, name) VALUES (?, ?) RETURNING id",
         {std::int64_t{4}, std::string("four")}},
        {"SELECT COUNT(*) FROM " + table_, {}}};
    auto results = c_->query_all(batch);
    EXPECT_EQ(results[1][0].int64(0), 3);  // the batch sees its own insert
  }
  EXPECT_EQ(count(), 2);
  {
    // Nothing ran: committing and rolling back an empty transaction are fine.
    db::Transaction empty(*c_, true);
    empty.commit();
  }
  { db::Transaction empty(*c_, false); }
  EXPECT_EQ(count(), 2);
}

TEST_F(ConnectionTest, AFailedFirstStatementLeavesNoTransactionBehind) {
  insert(1, "one");
  {
    db::Transaction tx(*c_, true);
    EXPECT_THROW(insert(2, "one"), db::Error);
  }
  EXPECT_EQ(count(), 1);
  // The connection is out of the failed transaction: a new one works.
  db::Transaction tx(*c_, true);
  insert(2, "two");
  tx.commit();
  EXPECT_EQ(count(), 2);
}

TEST_F(ConnectionTest, AScriptInsideATransactionIsPartOfIt) {
  {
    db::Transaction tx(*c_, true);
    c_->exec_script("INSERT INTO " + table_ + " (id, name) VALUES (1, 'one')");
  }
  EXPECT_EQ(count(), 0);
}

TEST_F(ConnectionTest, ASavepointCommitsIntoItsTransactionOrUndoesOnlyItself) {
  {
    db::Transaction tx(*c_, true);
    insert(1, "one");
    {
      db::Transaction sp(*c_, true);
      insert(2, "two");
      sp.commit();
    }
    {
      db::Transaction sp(*c_, true);
      insert(3, "three");  // undone with the savepoint alone
    }
    EXPECT_EQ(count(), 2);
    insert(4, "four");
    tx.commit();
  }
  EXPECT_EQ(count(), 3);
  {
    db::Transaction tx(*c_, true);
    {
      db::Transaction sp(*c_, true);
      insert(5, "five");
      sp.commit();
    }
    // The transaction's rollback takes its released savepoints with it.
  }
  EXPECT_EQ(count(), 3);
}

TEST_F(ConnectionTest, AFailedStatementInASavepointLeavesTheTransactionUsable) {
  insert(1, "one");
  {
    db::Transaction tx(*c_, true);
    insert(2, "two");
    {
      db::Transaction sp(*c_, true);
      insert(3, "three");
      EXPECT_THROW(insert(4, "one"), db::Error);  // on PostgreSQL the transaction fails here
    }
    // Rolling back to the savepoint kept "two" and dropped "three".
    EXPECT_EQ(count(), 2);
    insert(5, "five");
    tx.commit();
  }
  EXPECT_EQ(count(), 3);
  {
    // A savepoint opened before the transaction's first statement, which fails.
    db::Transaction tx(*c_, true);
    {
      db::Transaction sp(*c_, true);
      EXPECT_THROW(insert(6, "one"), db::Error);
    }
    insert(6, "six");
    tx.commit();
  }
  EXPECT_EQ(count(), 4);
}

TEST_F(ConnectionTest, SavepointsNestAndEmptyOnesCostNothing) {
  {
    db::Transaction tx(*c_, true);
    {
      db::Transaction empty(*c_, true);
      empty.commit();
    }
    { db::Transaction empty(*c_, true); }
    {
      db::Transaction a(*c_, true);
      insert(1, "one");
      {
        db::Transaction b(*c_, true);
        insert(2, "two");
        {
          db::Transaction c(*c_, true);
          insert(3, "three");
        }  // undone
        b.commit();
      }
      {
        db::Transaction b(*c_, true);
        insert(4, "four");
      }  // undone
      a.commit();
    }
    tx.commit();
  }
  EXPECT_EQ(count(), 2);
  // The connection is back outside any transaction: a script runs on its own.
  c_->exec_script("INSERT INTO " + table_ + " (id, name) VALUES (9, 'nine')");
  EXPECT_EQ(count(), 3);
}

TEST_F(ConnectionTest, ManySavepointsInOneTransaction) {
  {
    db::Transaction tx(*c_, true);
    for (std::int64_t i = 1; i <= 200; ++i) {
      db::Transaction sp(*c_, true);
      insert(i, "item " + std::to_string(i));
      if (i % 2 == 0) sp.commit();
    }
    EXPECT_EQ(count(), 100);
  }
  EXPECT_EQ(count(), 0);  // the transaction was not committed
  {
    db::Transaction tx(*c_, true);
    for (std::int64_t i = 1; i <= 200; ++i) {
      db::Transaction sp(*c_, true);
      try {
        insert(i, "item " + std::to_string(i));
        if (i % 3 == 0) insert(1000 + i, "item 1");  // a duplicate: the item is undone
        sp.commit();
      } catch (const db::Error&) {
        // sp rolls back to where the item began
      }
    }
    tx.commit();
  }
  EXPECT_EQ(count(), 200 - 200 / 3);
}

}  // namespace
