#include "http/router.hpp"

#include "util/text.hpp"

namespace web {

bool match_segment(const std::string& pattern, const std::string& raw, std::vector<PathParam>& out) {
  if (pattern == "{int}") {
    auto id = util::parse_positive_id(raw);
    if (!id) return false;
    out.emplace_back(*id);
    return true;
  }
  if (pattern == "{str}") {
    auto decoded = util::url_decode(raw, false);
    if (!decoded || decoded->empty() || !util::valid_utf8(*decoded)) return false;
    out.emplace_back(std::move(*decoded));
    return true;
  }
  return pattern == raw;
}

}  // namespace web
