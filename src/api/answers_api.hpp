// /interview/answers/ (JSON or multipart with a media file), the candidate
// answer listings, and answer deletion.
#pragma once

#include "api/context.hpp"
#include "json/input.hpp"
#include "services/answers_service.hpp"

namespace api {

// The content fields of a JSON answer, {text | choices | rating}, into `a`: read the same
// way by users' answers and candidates'.
void read_answer_content(json::FieldReader& in, services::AnswerInput& a);

domain::Result<web::Response> answers_create(Ctx& ctx);
domain::Result<web::Response> answers_list(Ctx& ctx);
domain::Result<web::Response> answers_retrieve(Ctx& ctx);
domain::Result<web::Response> answers_destroy(Ctx& ctx);
domain::Result<web::Response> answers_of_candidate(Ctx& ctx);
domain::Result<web::Response> answers_of_candidate_job_service(Ctx& ctx);

}  // namespace api
