// The reviewers' page (/review/, web/src/review/): its HTML and its bundles.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> review_page(Ctx& ctx);
// A file of the page ("main.js", "main.css"), as its HTML names it.
domain::Result<web::Response> review_page_asset(Ctx& ctx);

}  // namespace api
