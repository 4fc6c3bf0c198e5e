#include "api/web_assets.hpp"

#include <string>
#include <utility>

#include "util/embedded.hpp"

namespace api {

namespace {

// The types of what web/build writes (and what a page may come to need).
std::string media_type_of(std::string_view name) {
  static constexpr std::pair<std::string_view, std::string_view> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".txt", "text/plain; charset=utf-8"},
  };
  for (const auto& [suffix, type] : kTypes) {
    if (name.ends_with(suffix)) return std::string(type);
  }
  return "application/octet-stream";
}

}  // namespace

domain::Result<web::Response> web_asset(std::string_view name, std::string_view policy) {
  for (const auto& file : embedded::web_assets()) {
    if (file.name != name) continue;
    // A page names each of its bundles with a hash of the bundle's content (web/build):
    // a bundle may be kept for good, while a page is asked for again every time.
    const bool page = name.ends_with(".html");
    web::Response r{200, std::string(file.content), media_type_of(name), {}, std::nullopt};
    r.headers = {{"Cache-Control", page ? "no-cache" : "public, max-age=31536000, immutable"},
                 {"Content-Security-Policy", std::string(policy)},
                 {"X-Content-Type-Options", "nosniff"}};
    return r;
  }
  return domain::Error::not_found();
}

}  // namespace api
