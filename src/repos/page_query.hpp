// A page of a list and the list's total in one statement: the count is a scalar
// subquery over the same FROM and WHERE as the page, which both databases run
// once (it refers to nothing outside itself), so a list costs one round trip.
#pragma once

#include <string>
#include <string_view>

#include "db/connection.hpp"
#include "domain/models.hpp"

namespace repos {

// SELECT `columns`, (SELECT COUNT(*) `from_where`) `from_where` `order_by`
// LIMIT ? OFFSET ?: the total is the last column of every row.
db::Statement page_statement(std::string_view columns, std::string_view from_where,
                             const db::Params& params, std::string_view order_by,
                             const domain::PageRequest& page);

// The total from the rows of page_statement; a page past the end has no rows
// to carry it, and is counted on its own.
std::int64_t page_total(db::Connection& c, const db::Rows& rows, std::string_view from_where,
                        const db::Params& params, const domain::PageRequest& page);

// One page of rows mapped with `from_row`, and the total.
template <class T, class FromRow>
domain::Page<T> fetch_page(db::Connection& c, std::string_view columns, std::string_view from_where,
                           const db::Params& params, std::string_view order_by,
                           const domain::PageRequest& page, FromRow&& from_row) {
  const db::Statement st = page_statement(columns, from_where, params, order_by, page);
  const db::Rows rows = c.query(st.sql, st.params);
  domain::Page<T> out;
  out.items.reserve(rows.size());
  for (const auto& r : rows) out.items.push_back(from_row(r));
  out.total = page_total(c, rows, from_where, params, page);
  return out;
}

}  // namespace repos
