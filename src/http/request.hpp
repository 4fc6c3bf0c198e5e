// What a handler sees of an HTTP request: method, decoded path parameters and
// query, headers it needs, the body.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace web {

using PathParam = std::variant<std::int64_t, std::string>;

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // as received, without the query string
  std::vector<std::pair<std::string, std::string>> query;  // decoded, in order
  std::string content_type;
  std::string authorization;
  std::string body;
  std::string request_id;
  std::vector<PathParam> params;  // from the route pattern, in order

  std::int64_t id_param(std::size_t i) const { return std::get<std::int64_t>(params.at(i)); }
  const std::string& str_param(std::size_t i) const { return std::get<std::string>(params.at(i)); }
  // First value of a query parameter.
  std::optional<std::string> query_value(std::string_view key) const {
    for (const auto& [k, v] : query) {
      if (k == key) return v;
    }
    return std::nullopt;
  }
};

// Splits and decodes a query string ("a=1&b=x%20y"). Pairs with a bad escape are dropped.
std::vector<std::pair<std::string, std::string>> parse_query(std::string_view query);

}  // namespace web
