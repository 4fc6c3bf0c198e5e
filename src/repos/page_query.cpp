#include "repos/page_query.hpp"

namespace repos {

db::Statement page_statement(std::string_view columns, std::string_view from_where,
                             const db::Params& params, std::string_view order_by,
                             const domain::PageRequest& page) {
  db::Statement st;
  st.sql.reserve(columns.size() + 2 * from_where.size() + order_by.size() + 64);
  st.sql.append("SELECT ").append(columns).append(", (SELECT COUNT(*)").append(from_where);
  st.sql.append(")").append(from_where).append(order_by).append(" LIMIT ? OFFSET ?");
  // The subquery's placeholders come first in the text.
  st.params.reserve(2 * params.size() + 2);
  st.params.insert(st.params.end(), params.begin(), params.end());
  st.params.insert(st.params.end(), params.begin(), params.end());
  st.params.emplace_back(page.limit);
  st.params.emplace_back(page.offset);
  return st;
}

std::int64_t page_total(db::Connection& c, const db::Rows& rows, std::string_view from_where,
                        const db::Params& params, const domain::PageRequest& page) {
  if (!rows.empty()) return rows.front().int64(rows.front().size() - 1);
  if (page.offset == 0) return 0;
  return db::scalar_int(c, "SELECT COUNT(*)" + std::string(from_where), params).value_or(0);
}

}  // namespace repos
