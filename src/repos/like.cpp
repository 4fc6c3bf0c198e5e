#include "repos/like.hpp"

#include "util/text.hpp"

namespace repos {

std::string like_contains(std::string_view text) {
  std::string out = "%";
  for (char c : util::ascii_lower(text)) {
    if (c == '%' || c == '_' || c == '\\') out += '\\';
    out += c;
  }
  out += '%';
  return out;
}

}  // namespace repos
