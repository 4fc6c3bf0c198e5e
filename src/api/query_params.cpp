#include "api/query_params.hpp"

#include "util/text.hpp"

namespace api {

std::optional<std::int64_t> QueryReader::id(std::string_view key) {
  auto v = req_.query_value(key);
  if (!v || v->empty()) return std::nullopt;
  auto id = util::parse_positive_id(*v);
  if (!id) errors_[std::string(key)].push_back("Enter a valid id.");
  return id;
}

std::optional<std::string> QueryReader::choice(std::string_view key,
                                               std::span<const std::string_view> choices) {
  auto v = req_.query_value(key);
  if (!v || v->empty()) return std::nullopt;
  for (auto c : choices) {
    if (c == *v) return v;
  }
  errors_[std::string(key)].push_back("Select a valid choice. " + *v +
                                      " is not one of the available choices.");
  return std::nullopt;
}

std::optional<std::string> QueryReader::text(std::string_view key) {
  auto v = req_.query_value(key);
  if (!v || v->empty()) return std::nullopt;
  return v;
}

}  // namespace api
