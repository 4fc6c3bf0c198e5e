// /interview/invitations/: create (with its screening), list, retrieve, reissue, revoke,
// and each invitation's timeline.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> invitations_list(Ctx& ctx);
domain::Result<web::Response> invitations_create(Ctx& ctx);
domain::Result<web::Response> invitations_retrieve(Ctx& ctx);
domain::Result<web::Response> invitations_reissue(Ctx& ctx);
domain::Result<web::Response> invitations_revoke(Ctx& ctx);
domain::Result<web::Response> invitations_timeline(Ctx& ctx);

}  // namespace api
