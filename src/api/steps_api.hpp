// /interview/interview-steps/ and its history.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> steps_list(Ctx& ctx);
domain::Result<web::Response> steps_create(Ctx& ctx);
domain::Result<web::Response> steps_retrieve(Ctx& ctx);
domain::Result<web::Response> steps_update(Ctx& ctx);
domain::Result<web::Response> steps_destroy(Ctx& ctx);
domain::Result<web::Response> steps_history(Ctx& ctx);

}  // namespace api
