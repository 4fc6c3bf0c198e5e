// The WHERE clause of a list: fixed conditions, then "AND column = ?" for each optional
// filter that is set. Each combination of filters is a statement text of its own, so
// each gets its own prepared statement and a plan that uses the index of its filters
// (one text with "? IS NULL OR column = ?" tests would make both databases scan).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

#include "db/value.hpp"
#include "repos/like.hpp"

namespace repos {

class Filters {
 public:
  // `conditions`: e.g. " WHERE org_id = ?", with the values of its placeholders.
  Filters(std::string conditions, db::Params params)
      : sql_(std::move(conditions)), params_(std::move(params)) {}

  // An enumeration is compared as its text (its `to_string`).
  template <class T>
  Filters& equal(std::string_view column, const std::optional<T>& value) {
    if (!value) return *this;
    if constexpr (std::is_enum_v<T>) {
      return add(std::string(column) + " = ?", {std::string(to_string(*value))});
    } else {
      return add(std::string(column) + " = ?", {*value});
    }
  }

  // "AND lower(column) LIKE ? ESCAPE '\'" for one column, an OR of them in parentheses
  // for several: `text` anywhere in one of them, case-insensitive (repos/like.hpp).
  Filters& contains(std::initializer_list<std::string_view> columns,
                    const std::optional<std::string>& text) {
    if (!text) return *this;
    const std::string pattern = like_contains(*text);
    std::string condition;
    for (auto column : columns) {
      condition += condition.empty() ? "" : " OR ";
      condition += "lower(" + std::string(column) + ") LIKE ? ESCAPE '\\'";
      params_.emplace_back(pattern);
    }
    if (columns.size() > 1) condition = "(" + condition + ")";
    return add(condition, {});
  }

  // "AND column IN (?, ...)"; an empty list matches nothing, which the caller answers
  // without a query.
  Filters& in(std::string_view column, const std::optional<std::vector<std::int64_t>>& values) {
    if (!values) return *this;
    std::string condition = std::string(column) + " IN (";
    for (std::size_t i = 0; i < values->size(); ++i) condition += i ? ", ?" : "?";
    params_.insert(params_.end(), values->begin(), values->end());
    return add(condition + ")", {});
  }

  // "AND `condition`" with the values of its placeholders, for a filter of another shape.
  Filters& add(std::string_view condition, std::initializer_list<db::Value> values) {
    sql_ += " AND ";
    sql_ += condition;
    params_.insert(params_.end(), values);
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
