// /auth/: register, token, logout, me.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> auth_register(Ctx& ctx);
domain::Result<web::Response> auth_token(Ctx& ctx);
domain::Result<web::Response> auth_logout(Ctx& ctx);
domain::Result<web::Response> auth_me(Ctx& ctx);

}  // namespace api
