// /interview/interview-modules/, list/, job/{id}/interview-modules/ and one
// service's steps settings in a module.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> modules_list(Ctx& ctx);
domain::Result<web::Response> modules_create(Ctx& ctx);
domain::Result<web::Response> modules_retrieve(Ctx& ctx);
domain::Result<web::Response> modules_update(Ctx& ctx);
domain::Result<web::Response> modules_partial_update(Ctx& ctx);
domain::Result<web::Response> modules_destroy(Ctx& ctx);
domain::Result<web::Response> modules_of_job(Ctx& ctx);
domain::Result<web::Response> module_service_steps(Ctx& ctx);

}  // namespace api
