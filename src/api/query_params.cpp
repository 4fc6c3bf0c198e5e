#include "api/query_params.hpp"

#include "domain/messages.hpp"
#include "util/text.hpp"

namespace api {

std::optional<std::int64_t> QueryReader::id(std::string_view key) {
  auto v = req_.query_value(key);
  if (!v || v->empty()) return std::nullopt;
  auto id = util::parse_positive_id(*v);
  if (!id) errors_[std::string(key)].push_back("Enter a valid id.");
  return id;
}

std::optional<std::vector<std::int64_t>> QueryReader::id_list(std::string_view key,
                                                              std::size_t max_items) {
  auto v = req_.query_value(key);
  if (!v || v->empty()) return std::nullopt;
  std::vector<std::int64_t> ids;
  std::string_view rest = *v;
  while (true) {
    const auto comma = rest.find(',');
    const std::string_view item = util::trim(rest.substr(0, comma));
    auto id = util::parse_positive_id(item);
    if (!id) {
      errors_[std::string(key)].push_back("\"" + std::string(item) + "\" is not a valid id.");
      return std::nullopt;
    }
    ids.push_back(*id);
    if (ids.size() > max_items) {
      errors_[std::string(key)].push_back("Ensure this list has no more than " +
                                          std::to_string(max_items) + " ids.");
      return std::nullopt;
    }
    if (comma == std::string_view::npos) break;
    rest.remove_prefix(comma + 1);
  }
  return ids;
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
  if (!v) return std::nullopt;
  // Neither database takes a NUL or invalid UTF-8 as text: refused here, by name.
  if (v->find('\0') != std::string::npos) {
    errors_[std::string(key)].push_back(std::string(domain::messages::kNulCharacters));
    return std::nullopt;
  }
  if (!util::valid_utf8(*v)) {
    errors_[std::string(key)].push_back("Enter valid UTF-8 text.");
    return std::nullopt;
  }
  std::string text(util::trim(*v));
  if (text.empty()) return std::nullopt;
  return text;
}

}  // namespace api
