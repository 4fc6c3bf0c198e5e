// /interview/answers/ (JSON or multipart with a media file), the candidate
// answer listings, and answer deletion.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> answers_create(Ctx& ctx);
domain::Result<web::Response> answers_list(Ctx& ctx);
domain::Result<web::Response> answers_retrieve(Ctx& ctx);
domain::Result<web::Response> answers_destroy(Ctx& ctx);
domain::Result<web::Response> answers_of_candidate(Ctx& ctx);
domain::Result<web::Response> answers_of_candidate_job_service(Ctx& ctx);

}  // namespace api
