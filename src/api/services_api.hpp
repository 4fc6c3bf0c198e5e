// /services/: the built-in interview services and the organization's own.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> services_list(Ctx& ctx);
domain::Result<web::Response> services_create(Ctx& ctx);
domain::Result<web::Response> services_retrieve(Ctx& ctx);

}  // namespace api
