// Multi-row inserts (repos/insert_rows.hpp): the statement text, the split into
// statements under the databases' parameter limits, ids in the order of the rows,
// and a repository's insert_many writing what its single insert writes.
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

#include "db/migrator.hpp"
#include "db/sqlite_connection.hpp"
#include "repos/candidates_repo.hpp"
#include "repos/insert_rows.hpp"
#include "repos/organizations_repo.hpp"

namespace {

constexpr std::string_view kPairColumns[] = {"name", "n"};
constexpr repos::InsertShape kPairs{"pairs", kPairColumns,
                                    "ON CONFLICT (name) DO NOTHING RETURNING id"};

struct PairsDb {
  PairsDb() {
    c.exec_script("CREATE TABLE pairs (id INTEGER PRIMARY KEY, name TEXT UNIQUE, n INTEGER)");
  }
  db::SqliteConnection c{":memory:"};
};

std::vector<db::Params> pairs(int count, const std::string& prefix = "p") {
  std::vector<db::Params> rows;
  for (int i = 0; i < count; ++i) {
    db::Params row;
    row.emplace_back(prefix + std::to_string(i));
    row.emplace_back(std::int64_t{i});
    rows.push_back(std::move(row));
  }
  return rows;
}

TEST(InsertRows, BuildsOneValuesListPerRow) {
  EXPECT_EQ(repos::insert_sql(kPairs, 1),
            "INSERT INTO pairs (name, n) VALUES (?, ?) ON CONFLICT (name) DO NOTHING RETURNING id");
  EXPECT_EQ(repos::insert_sql(kPairs, 3),
            "INSERT INTO pairs (name, n) VALUES (?, ?), (?, ?), (?, ?) ON CONFLICT (name) DO "
            "NOTHING RETURNING id");
  constexpr repos::InsertShape bare{"pairs", kPairColumns, ""};
  EXPECT_EQ(repos::insert_sql(bare, 2), "INSERT INTO pairs (name, n) VALUES (?, ?), (?, ?)");
}

TEST(InsertRows, StaysUnderTheParameterLimitOfBothDatabases) {
  EXPECT_EQ(repos::rows_per_statement(kPairs), 500u);
  std::vector<std::string_view> wide(200, "c");
  const repos::InsertShape many{"t", wide, ""};
  EXPECT_EQ(repos::rows_per_statement(many), 150u);  // 30,000 parameters
  EXPECT_LE(repos::rows_per_statement(many) * wide.size(), 32766u);
  std::vector<std::string_view> huge(40000, "c");
  EXPECT_EQ(repos::rows_per_statement({"t", huge, ""}), 1u);
}

TEST(InsertRows, WritesEveryRowAcrossStatementsAndGivesTheIdsInRowOrder) {
  PairsDb d;
  const auto rows = pairs(1201);  // two full statements and one of 201 rows
  const auto ids = repos::ids_in_row_order(repos::insert_rows(d.c, kPairs, rows));
  ASSERT_EQ(ids.size(), rows.size());
  for (std::size_t i = 0; i < ids.size(); i += 100) {
    const auto back = d.c.query("SELECT name, n FROM pairs WHERE id = ?", {ids[i]});
    ASSERT_EQ(back.size(), 1u);
    EXPECT_EQ(back[0].text(0), "p" + std::to_string(i));
    EXPECT_EQ(back[0].int64(1), static_cast<std::int64_t>(i));
  }
  EXPECT_EQ(db::scalar_int(d.c, "SELECT COUNT(*) FROM pairs"), 1201);
}

TEST(InsertRows, ReturnsNothingForRowsTheConflictClauseSkipped) {
  PairsDb d;
  repos::insert_rows(d.c, kPairs, pairs(10));
  const auto returned = repos::insert_rows(d.c, kPairs, pairs(15));
  EXPECT_EQ(returned.size(), 5u);
  EXPECT_EQ(db::scalar_int(d.c, "SELECT COUNT(*) FROM pairs"), 15);
  EXPECT_TRUE(repos::insert_rows(d.c, kPairs, {}).empty());
}

TEST(InsertRows, RefusesARowOfTheWrongWidthBeforeWritingAny) {
  PairsDb d;
  auto rows = pairs(3);
  rows[2].emplace_back(std::int64_t{7});
  EXPECT_THROW(repos::insert_rows(d.c, kPairs, rows), std::invalid_argument);
  EXPECT_EQ(db::scalar_int(d.c, "SELECT COUNT(*) FROM pairs"), 0);
}

TEST(InsertRows, ARepositoryInsertsManyAsItInsertsOne) {
  db::SqliteConnection c(":memory:");
  db::migrate(c);
  const auto org = repos::organizations::insert(c, "Acme", "2026-01-01T00:00:00Z");
  const auto one = repos::candidates::insert(c, {org.id, "One", "one@x.example", "1", ""},
                                             "2026-01-01T00:00:01Z");
  ASSERT_TRUE(one);
  std::vector<repos::Timed<repos::candidates::NewCandidate>> many;
  for (int i = 0; i < 700; ++i) {
    const std::string n = std::to_string(i);
    many.push_back({{org.id, "C" + n, "c" + n + "@x.example", n, "https://cv.example/" + n},
                    "2026-01-02T00:00:00Z"});
  }
  many.push_back({{org.id, "Again", "one@x.example", "", ""}, "2026-01-02T00:00:00Z"});
  const auto ids = repos::candidates::insert_many(c, many);
  ASSERT_EQ(ids.size(), 700u);  // the taken email is skipped, as insert skips it
  for (std::size_t i : {std::size_t{0}, std::size_t{499}, std::size_t{500}, std::size_t{699}}) {
    const auto found = repos::candidates::find(c, org.id, ids[i]);
    ASSERT_TRUE(found);
    EXPECT_EQ(found->email, many[i].row.email);
    EXPECT_EQ(found->resume_url, many[i].row.resume_url);
    EXPECT_EQ(found->created_at, many[i].at);
  }
  EXPECT_EQ(repos::candidates::find(c, org.id, one->id)->name, "One");
}

}  // namespace
