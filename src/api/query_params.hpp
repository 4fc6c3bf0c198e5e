// Typed query-string filters: a value that does not parse is a 400 naming the
// parameter, as a DRF filter set answers.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "http/request.hpp"

namespace api {

class QueryReader {
 public:
  explicit QueryReader(const web::Request& req) : req_(req) {}
  std::optional<std::int64_t> id(std::string_view key);
  // A comma-separated list of ids ("1,2,3"), at most `max_items` of them.
  std::optional<std::vector<std::int64_t>> id_list(std::string_view key, std::size_t max_items);
  std::optional<std::string> choice(std::string_view key, std::span<const std::string_view> choices);
  std::optional<std::string> text(std::string_view key);
  bool ok() const { return errors_.empty(); }
  domain::Error error() const { return domain::Error::invalid(errors_); }

 private:
  const web::Request& req_;
  domain::FieldErrors errors_;
};

}  // namespace api
