// The PostgreSQL backend's pure parts: placeholder translation and the URL
// description used in messages (the server itself is tested end to end).
#include <gtest/gtest.h>

#include "db/postgres_connection.hpp"

namespace {

TEST(PostgresPlaceholders, NumbersEachQuestionMarkInOrder) {
  EXPECT_EQ(db::postgres_placeholders("SELECT a FROM t WHERE b = ? AND c IN (?, ?)"),
            "SELECT a FROM t WHERE b = $1 AND c IN ($2, $3)");
  EXPECT_EQ(db::postgres_placeholders("SELECT 1"), "SELECT 1");
}

TEST(PostgresPlaceholders, LeavesQuotedTextAndCommentsAlone) {
  EXPECT_EQ(db::postgres_placeholders("SELECT '?', 'it''s ?', \"odd?name\" FROM t WHERE x = ?"),
            "SELECT '?', 'it''s ?', \"odd?name\" FROM t WHERE x = $1");
  EXPECT_EQ(db::postgres_placeholders("SELECT ? -- why?\n, ? /* and ? */ , ?"),
            "SELECT $1 -- why?\n, $2 /* and ? */ , $3");
  EXPECT_EQ(db::postgres_placeholders("WHERE name LIKE ? ESCAPE '\\' AND id = ?"),
            "WHERE name LIKE $1 ESCAPE '\\' AND id = $2");
}

TEST(PostgresPlaceholders, KeepsAnUnterminatedTailAsItIs) {
  EXPECT_EQ(db::postgres_placeholders("SELECT ? 'open ?"), "SELECT $1 'open ?");
  EXPECT_EQ(db::postgres_placeholders("SELECT ? /* open ?"), "SELECT $1 /* open ?");
}

TEST(PostgresUrl, DescribesWithoutThePassword) {
  const std::string d =
      db::describe_postgres_url("postgresql://app:s3cret@db.internal:6432/interview");
  EXPECT_EQ(d, "db.internal:6432/interview");
  EXPECT_EQ(d.find("s3cret"), std::string::npos);
  EXPECT_EQ(db::describe_postgres_url("postgresql://postgres@/postgres?host=/tmp/pg"),
            "/tmp/pg:5432/postgres");
  EXPECT_EQ(db::describe_postgres_url("postgres://app@localhost/app"), "localhost:5432/app");
}

}  // namespace
