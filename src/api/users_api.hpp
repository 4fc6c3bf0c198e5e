// /users/ (admins) and /organizations/.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> users_list(Ctx& ctx);
domain::Result<web::Response> users_create(Ctx& ctx);
domain::Result<web::Response> users_retrieve(Ctx& ctx);
domain::Result<web::Response> users_update(Ctx& ctx);
domain::Result<web::Response> users_partial_update(Ctx& ctx);
domain::Result<web::Response> users_destroy(Ctx& ctx);

domain::Result<web::Response> organizations_list(Ctx& ctx);
domain::Result<web::Response> organizations_retrieve(Ctx& ctx);
domain::Result<web::Response> organizations_update(Ctx& ctx);

}  // namespace api
