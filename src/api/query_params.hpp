// Typed query-string filters: a value that does not parse is a 400 naming the
// parameter, as a DRF filter set answers.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "domain/error.hpp"
#include "http/request.hpp"

namespace api {

class QueryReader {
 public:
  explicit QueryReader(const web::Request& req) : req_(req) {}
  std::optional<std::int64_t> id(std::string_view key);
  std::optional<std::string> choice(std::string_view key, std::span<const std::string_view> choices);
  std::optional<std::string> text(std::string_view key);
  bool ok() const { return errors_.empty(); }
  domain::Error error() const { return domain::Error::invalid(errors_); }

 private:
  const web::Request& req_;
  domain::FieldErrors errors_;
};

}  // namespace api
