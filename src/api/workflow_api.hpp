// The workflow endpoints: shortlist-candidate/, unshortlist-candidate/,
// update-step/, update-status/.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> workflow_shortlist(Ctx& ctx);
domain::Result<web::Response> workflow_unshortlist(Ctx& ctx);
domain::Result<web::Response> workflow_update_step(Ctx& ctx);
domain::Result<web::Response> workflow_update_status(Ctx& ctx);

}  // namespace api
