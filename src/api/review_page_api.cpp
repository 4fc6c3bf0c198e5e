#include "api/review_page_api.hpp"

#include <string>
#include <string_view>

#include "api/web_assets.hpp"

namespace api {

namespace {

// What the reviewers' page may load: its own script and stylesheet, and calls to the API
// of this origin. The answers' media need the Authorization header, so the page fetches
// them and plays them from blob: URLs (media-src, and img-src for the thumbnails); a
// token never goes into a URL. No inline script or style, no frame around it, no form
// posted anywhere (the page's forms are sent by its script).
constexpr std::string_view kReviewPolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
    "media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

// The page's addresses name candidates and jobs: they go to no one else. It records
// nothing, so camera, microphone and the like stay off.
domain::Result<web::Response> with_page_headers(domain::Result<web::Response> r) {
  if (r) {
    r->headers.emplace_back("Referrer-Policy", "no-referrer");
    r->headers.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
  }
  return r;
}

}  // namespace

domain::Result<web::Response> review_page(Ctx&) {
  return with_page_headers(web_asset("review/index.html", kReviewPolicy));
}

domain::Result<web::Response> review_page_asset(Ctx& ctx) {
  return with_page_headers(web_asset("review/" + ctx.req.str_param(0), kReviewPolicy));
}

}  // namespace api
