// The candidate's page (GET /i/{token}) and its bundles (GET /i/assets/{name}): static
// files from web/dist/candidate/, the same for every token. The page reads its token
// from its own address and calls the candidate API with it; nothing here looks at it.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> candidate_page(Ctx& ctx);
domain::Result<web::Response> candidate_page_asset(Ctx& ctx);

}  // namespace api
