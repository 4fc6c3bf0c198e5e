// One INSERT shape per table, used for one row and for many: a repository names its
// table, columns and what follows VALUES once, and both its single insert and its
// `insert_many` are built from that (so the two can never write different columns).
// Many rows go in multi-row statements, VALUES (...), (...), ...: one statement, one
// plan and one round trip for hundreds of rows.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "db/connection.hpp"

namespace repos {

// A row to insert and the time it is written at.
template <class T>
struct Timed {
  T row;
  std::string at;
};

struct InsertShape {
  std::string_view table;
  std::span<const std::string_view> columns;
  std::string_view tail;  // after the VALUES lists: a conflict clause, RETURNING
};

// "INSERT INTO table (columns) VALUES (?, ...), ... tail" for `rows` rows.
std::string insert_sql(const InsertShape& shape, std::size_t rows);

// The most rows one statement carries: both databases bound the number of
// parameters of a statement (SQLite 32,766, PostgreSQL 65,535).
std::size_t rows_per_statement(const InsertShape& shape);

// Inserts `rows` (each its values in column order) in statements of at most
// rows_per_statement rows, in order, and returns what RETURNING yields for all of
// them. Throws std::invalid_argument if a row has the wrong number of values.
db::Rows insert_rows(db::Connection& c, const InsertShape& shape, std::span<const db::Params> rows);

// insert_rows of timed rows, each turned into its values by `values(row, at)`.
template <class T, class Values>
db::Rows insert_timed(db::Connection& c, const InsertShape& shape, std::span<const Timed<T>> rows,
                      Values&& values) {
  std::vector<db::Params> all;
  all.reserve(rows.size());
  for (const auto& r : rows) all.push_back(values(r.row, r.at));
  return insert_rows(c, shape, all);
}

// The ids an insert_rows of "... RETURNING id" gave, in the order of its rows:
// both databases number the rows of one statement in VALUES order but promise no
// order for RETURNING, so the ids are sorted.
std::vector<std::int64_t> ids_in_row_order(const db::Rows& returned);

}  // namespace repos
