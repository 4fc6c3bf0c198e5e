// /interview/questions/.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> questions_list(Ctx& ctx);
domain::Result<web::Response> questions_create(Ctx& ctx);
domain::Result<web::Response> questions_retrieve(Ctx& ctx);
domain::Result<web::Response> questions_update(Ctx& ctx);
domain::Result<web::Response> questions_partial_update(Ctx& ctx);
domain::Result<web::Response> questions_destroy(Ctx& ctx);

}  // namespace api
