// /candidates/.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> candidates_list(Ctx& ctx);
domain::Result<web::Response> candidates_create(Ctx& ctx);
domain::Result<web::Response> candidates_retrieve(Ctx& ctx);
domain::Result<web::Response> candidates_update(Ctx& ctx);
domain::Result<web::Response> candidates_partial_update(Ctx& ctx);
domain::Result<web::Response> candidates_destroy(Ctx& ctx);

}  // namespace api
