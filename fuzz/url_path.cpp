// Fuzzes what a request target goes through before a handler: the query split
// (web::parse_query, util::url_decode) and the route table (api::routes() in a
// web::Router, as the dispatcher builds it) for every method.
// Input: a request target, "/api/v1/jobs/3/?page=2".
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <variant>

#include "api/context.hpp"
#include "http/request.hpp"
#include "http/router.hpp"
#include "util/text.hpp"

namespace {

const web::Router<api::Route>& router() {
  static const web::Router<api::Route> r = [] {
    web::Router<api::Route> built;
    for (const auto& route : api::routes()) built.add(route.method, route.pattern, route);
    return built;
  }();
  return r;
}

std::size_t parameters_in(std::string_view pattern) {
  std::size_t n = 0;
  for (auto p = pattern.find('{'); p != std::string_view::npos; p = pattern.find('{', p + 1)) ++n;
  return n;
}

void check_decode(std::string_view s, bool plus_as_space) {
  auto decoded = util::url_decode(s, plus_as_space);
  if (decoded && decoded->size() > s.size()) std::abort();
  // What we encode decodes back to itself.
  if (decoded) {
    auto again = util::url_decode(util::url_encode(*decoded), false);
    if (!again || *again != *decoded) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view target(reinterpret_cast<const char*>(data), size);
  // As request_from_header splits it.
  const auto q = target.find('?');
  const std::string_view path = target.substr(0, q);
  const std::string_view query = q == std::string_view::npos ? "" : target.substr(q + 1);

  std::size_t decoded_bytes = 0;
  for (const auto& [k, v] : web::parse_query(query)) decoded_bytes += k.size() + v.size();
  if (decoded_bytes > query.size()) std::abort();
  check_decode(path, false);
  check_decode(query, true);

  for (std::string_view method : {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}) {
    auto m = router().match(method, path);
    if (!m.target) {
      for (const auto& allowed : m.allowed) {
        if (allowed == method) std::abort();  // it would have matched
      }
      continue;
    }
    if (m.target->method != method) std::abort();
    if (m.params.size() != parameters_in(m.target->pattern)) std::abort();
    for (const auto& p : m.params) {
      if (const auto* id = std::get_if<std::int64_t>(&p)) {
        if (*id <= 0) std::abort();
      } else {
        const auto& s = std::get<std::string>(p);
        if (s.empty() || !util::valid_utf8(s)) std::abort();
      }
    }
  }
  return 0;
}
