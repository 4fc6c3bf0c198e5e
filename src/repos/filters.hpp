// The WHERE clause of a list: fixed conditions, then "AND column = ?" for each optional
// filter that is set. Each combination of filters is a statement text of its own, so
// each gets its own prepared statement and a plan that uses the index of its filters
// (one text with "? IS NULL OR column = ?" tests would make both databases scan).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

#include "db/value.hpp"

namespace repos {

class Filters {
 public:
  // `conditions`: e.g. " WHERE org_id = ?", with the values of its placeholders.
  Filters(std::string conditions, db::Params params)
      : sql_(std::move(conditions)), params_(std::move(params)) {}

  template <class T>
  Filters& equal(std::string_view column, const std::optional<T>& value) {
    if (value) {
      sql_ += " AND ";
      sql_ += column;
      sql_ += " = ?";
      params_.emplace_back(*value);
    }
    return *this;
  }

  const std::string& sql() const { return sql_; }
  const db::Params& params() const { return params_; }
  // The parameters followed by those of what the caller appends (LIMIT, OFFSET).
  db::Params params_and(std::initializer_list<db::Value> more) const {
    db::Params out = params_;
    out.insert(out.end(), more);
    return out;
  }

 private:
  std::string sql_;
  db::Params params_;
};

}  // namespace repos
