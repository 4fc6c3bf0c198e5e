#include "repos/insert_rows.hpp"

#include <algorithm>
#include <stdexcept>

namespace repos {

namespace {

// Kept under both databases' limits, and small enough that a statement text and
// its parameters stay a few hundred kilobytes.
constexpr std::size_t kMaxParameters = 30000;
constexpr std::size_t kMaxRows = 500;

}  // namespace

std::string insert_sql(const InsertShape& shape, std::size_t rows) {
  std::string one = "(";
  for (std::size_t i = 0; i < shape.columns.size(); ++i) one += i ? ", ?" : "?";
  one += ")";
  std::string sql = "INSERT INTO ";
  sql.append(shape.table).append(" (");
  for (std::size_t i = 0; i < shape.columns.size(); ++i) {
    if (i) sql += ", ";
    sql.append(shape.columns[i]);
  }
  sql += ") VALUES ";
  sql.reserve(sql.size() + rows * (one.size() + 2) + shape.tail.size() + 1);
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) sql += ", ";
    sql += one;
  }
  if (!shape.tail.empty()) sql.append(" ").append(shape.tail);
  return sql;
}

std::size_t rows_per_statement(const InsertShape& shape) {
  return std::clamp<std::size_t>(kMaxParameters / std::max<std::size_t>(shape.columns.size(), 1), 1,
                                 kMaxRows);
}

db::Rows insert_rows(db::Connection& c, const InsertShape& shape,
                     std::span<const db::Params> rows) {
  for (const auto& row : rows) {
    if (row.size() != shape.columns.size()) {
      throw std::invalid_argument("insert_rows: a row of " + std::string(shape.table) +
                                  " has the wrong number of values");
    }
  }
  const std::size_t per = rows_per_statement(shape);
  const std::string full = rows.size() >= per ? insert_sql(shape, per) : std::string();
  db::Rows out;
  db::Params params;
  for (std::size_t start = 0; start < rows.size(); start += per) {
    const std::size_t n = std::min(per, rows.size() - start);
    params.clear();
    params.reserve(n * shape.columns.size());
    for (std::size_t r = start; r < start + n; ++r) {
      params.insert(params.end(), rows[r].begin(), rows[r].end());
    }
    db::Rows returned = c.query(n == per ? full : insert_sql(shape, n), params);
    out.insert(out.end(), std::make_move_iterator(returned.begin()),
               std::make_move_iterator(returned.end()));
  }
  return out;
}

std::vector<std::int64_t> ids_in_row_order(const db::Rows& returned) {
  std::vector<std::int64_t> ids;
  ids.reserve(returned.size());
  for (const auto& r : returned) ids.push_back(r.int64(0));
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace repos
