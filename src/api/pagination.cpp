#include "api/pagination.hpp"

#include <charconv>

#include "util/text.hpp"

namespace api {

namespace {

// Values past 18 digits saturate: a limit that large is capped anyway, an offset
// that large is past the end (and adding a limit to it cannot overflow).
constexpr std::int64_t kSaturated = 999'999'999'999'999'999;

std::optional<std::int64_t> non_negative(const std::optional<std::string>& s) {
  if (!s || s->empty()) return std::nullopt;
  const auto significant = s->find_first_not_of('0');
  if (significant != std::string::npos && s->size() - significant > 18 &&
      s->find_first_not_of("0123456789") == std::string::npos) {
    return kSaturated;
  }
  std::int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
  if (ec != std::errc() || ptr != s->data() + s->size() || v < 0) return std::nullopt;
  return v;
}

std::string page_url(const web::Request& req, const std::string& public_url, std::int64_t limit,
                     std::int64_t offset) {
  std::string url = public_url + req.path + "?";
  for (const auto& [k, v] : req.query) {
    if (k == "limit" || k == "offset") continue;
    url += util::url_encode(k) + "=" + util::url_encode(v) + "&";
  }
  url += "limit=" + std::to_string(limit) + "&offset=" + std::to_string(offset);
  return url;
}

}  // namespace

domain::PageRequest page_request(const web::Request& req) {
  domain::PageRequest page;
  if (auto limit = non_negative(req.query_value("limit")); limit && *limit > 0) {
    page.limit = std::min(*limit, kMaxLimit);
  }
  if (auto offset = non_negative(req.query_value("offset"))) page.offset = *offset;
  return page;
}

void add_page_headers(web::Response& res, const web::Request& req, const std::string& public_url,
                      const domain::PageRequest& page, std::int64_t total) {
  res.headers.emplace_back("X-Total-Count", std::to_string(total));
  std::string link;
  if (page.offset + page.limit < total) {
    link = "<" + page_url(req, public_url, page.limit, page.offset + page.limit) + ">; rel=\"next\"";
  }
  if (page.offset > 0) {
    if (!link.empty()) link += ", ";
    link += "<" + page_url(req, public_url, page.limit, std::max<std::int64_t>(0, page.offset - page.limit)) +
            ">; rel=\"prev\"";
  }
  if (!link.empty()) res.headers.emplace_back("Link", link);
}

}  // namespace api
