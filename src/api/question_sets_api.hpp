// /interview/question-sets/.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> question_sets_list(Ctx& ctx);
domain::Result<web::Response> question_sets_create(Ctx& ctx);
domain::Result<web::Response> question_sets_retrieve(Ctx& ctx);
domain::Result<web::Response> question_sets_update(Ctx& ctx);
domain::Result<web::Response> question_sets_partial_update(Ctx& ctx);
domain::Result<web::Response> question_sets_destroy(Ctx& ctx);

}  // namespace api
