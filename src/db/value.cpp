#include "db/value.hpp"

#include <charconv>

#include "db/error.hpp"

namespace db {

const Value& Row::at(std::size_t i) const {
  if (i >= values_.size()) throw Error(ErrorKind::kOther, "column index out of range");
  return values_[i];
}

std::int64_t Row::int64(std::size_t i) const {
  const Value& v = at(i);
  if (auto p = std::get_if<std::int64_t>(&v)) return *p;
  if (auto p = std::get_if<double>(&v)) return static_cast<std::int64_t>(*p);
  if (auto p = std::get_if<std::string>(&v)) {
    std::int64_t out = 0;
    auto [ptr, ec] = std::from_chars(p->data(), p->data() + p->size(), out);
    if (ec == std::errc() && ptr == p->data() + p->size()) return out;
  }
  throw Error(ErrorKind::kOther, "column is not an integer");
}

double Row::real(std::size_t i) const {
  const Value& v = at(i);
  if (auto p = std::get_if<double>(&v)) return *p;
  if (auto p = std::get_if<std::int64_t>(&v)) return static_cast<double>(*p);
  if (auto p = std::get_if<std::string>(&v)) return std::stod(*p);
  throw Error(ErrorKind::kOther, "column is not a number");
}

const std::string& Row::text(std::size_t i) const {
  const Value& v = at(i);
  if (auto p = std::get_if<std::string>(&v)) return *p;
  throw Error(ErrorKind::kOther, "column is not text");
}

}  // namespace db
