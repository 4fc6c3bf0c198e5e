// /interview/feedbacks/: create, change, delete, and a candidate's feedback for a job.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> feedback_create(Ctx& ctx);
domain::Result<web::Response> feedback_update(Ctx& ctx);
domain::Result<web::Response> feedback_destroy(Ctx& ctx);
domain::Result<web::Response> feedback_of_candidate(Ctx& ctx);

}  // namespace api
