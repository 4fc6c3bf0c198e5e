// Values bound to and read from SQL statements, the same for every backend.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace db {

using Value = std::variant<std::nullptr_t, std::int64_t, double, std::string>;
using Params = std::vector<Value>;

inline Value nullable(const std::optional<std::string>& s) {
  return s ? Value{*s} : Value{nullptr};
}
inline Value nullable(const std::optional<std::int64_t>& i) {
  return i ? Value{*i} : Value{nullptr};
}

// One result row; columns are addressed by position, in SELECT order.
class Row {
 public:
  explicit Row(std::vector<Value> values) : values_(std::move(values)) {}
  bool is_null(std::size_t i) const { return std::holds_alternative<std::nullptr_t>(at(i)); }
  std::int64_t int64(std::size_t i) const;
  double real(std::size_t i) const;
  const std::string& text(std::size_t i) const;
  std::optional<std::int64_t> opt_int64(std::size_t i) const {
    return is_null(i) ? std::nullopt : std::optional<std::int64_t>(int64(i));
  }
  std::optional<std::string> opt_text(std::size_t i) const {
    return is_null(i) ? std::nullopt : std::optional<std::string>(text(i));
  }
  bool boolean(std::size_t i) const { return int64(i) != 0; }
  std::size_t size() const { return values_.size(); }

 private:
  const Value& at(std::size_t i) const;
  std::vector<Value> values_;
};

using Rows = std::vector<Row>;

}  // namespace db
