#include "api/candidate_page.hpp"

#include <string_view>

#include "api/web_assets.hpp"

namespace api {

namespace {

// What the candidate's page may load: its own scripts and styles, its own images (and
// data: ones: the page's empty icon, so that no /favicon.ico is asked for), the
// camera's recording played back from a blob: URL, and calls to this origin (the
// candidate API and tus). No inline script or style, no frame around it, no form
// posted anywhere. tests/browser/candidate.js fails on any violation.
constexpr std::string_view kCandidatePolicy =
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'";

// The page's address holds the invitation's token: it must go nowhere else, not even
// in a Referer header to this origin's bundles.
domain::Result<web::Response> with_referrer_policy(domain::Result<web::Response> r) {
  if (r) r->headers.emplace_back("Referrer-Policy", "no-referrer");
  return r;
}

}  // namespace

domain::Result<web::Response> candidate_page(Ctx&) {
  return with_referrer_policy(web_asset("candidate/index.html", kCandidatePolicy));
}

domain::Result<web::Response> candidate_page_asset(Ctx& ctx) {
  return with_referrer_policy(web_asset("candidate/" + ctx.req.str_param(0), kCandidatePolicy));
}

}  // namespace api
