#include "auth/invitation_token.hpp"

#include "util/text.hpp"

namespace auth {

namespace {

constexpr std::string_view kScheme = "invitation";

}  // namespace

bool is_invitation_authorization(std::string_view header) {
  header = util::trim(header);
  const auto space = header.find(' ');
  return util::ascii_lower(header.substr(0, space)) == kScheme;
}

std::optional<std::string> invitation_key(std::string_view header) {
  header = util::trim(header);
  const auto space = header.find(' ');
  if (space == std::string_view::npos || util::ascii_lower(header.substr(0, space)) != kScheme) {
    return std::nullopt;
  }
  std::string_view key = util::trim(header.substr(space + 1));
  if (key.empty() || key.find(' ') != std::string_view::npos) return std::nullopt;
  return std::string(key);
}

}  // namespace auth
