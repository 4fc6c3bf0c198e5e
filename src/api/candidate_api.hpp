// /api/v1/candidate/: what a candidate holding an invitation's link calls (session,
// consent, attempts, answers, submit), authenticated by `Authorization: Invitation`.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> candidate_session(Ctx& ctx);
domain::Result<web::Response> candidate_consent(Ctx& ctx);
domain::Result<web::Response> candidate_attempt_start(Ctx& ctx);
domain::Result<web::Response> candidate_answer(Ctx& ctx);
domain::Result<web::Response> candidate_submit(Ctx& ctx);

}  // namespace api
