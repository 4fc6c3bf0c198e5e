// /jobs/ and the candidates applied to a job (/jobs/{id}/candidates/).
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> jobs_list(Ctx& ctx);
domain::Result<web::Response> jobs_create(Ctx& ctx);
domain::Result<web::Response> jobs_retrieve(Ctx& ctx);
domain::Result<web::Response> jobs_update(Ctx& ctx);
domain::Result<web::Response> jobs_partial_update(Ctx& ctx);
domain::Result<web::Response> jobs_destroy(Ctx& ctx);

domain::Result<web::Response> jobs_candidates_list(Ctx& ctx);
domain::Result<web::Response> jobs_candidates_create(Ctx& ctx);

}  // namespace api
