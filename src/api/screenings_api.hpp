// /interview/screenings/ and screenings/{id}/submit/.
#pragma once

#include <optional>

#include "api/context.hpp"
#include "json/input.hpp"
#include "services/screenings_service.hpp"

namespace api {

// The members that name a new screening (candidate_id, job_id, module_id, service,
// question_set_id), their errors recorded in `in`; nullopt when any is missing or bad.
// Invitations, which make a screening, read the same.
std::optional<services::ScreeningInput> read_screening_fields(json::FieldReader& in);

domain::Result<web::Response> screenings_list(Ctx& ctx);
domain::Result<web::Response> screenings_create(Ctx& ctx);
domain::Result<web::Response> screenings_retrieve(Ctx& ctx);
domain::Result<web::Response> screenings_update(Ctx& ctx);
domain::Result<web::Response> screenings_partial_update(Ctx& ctx);
domain::Result<web::Response> screenings_destroy(Ctx& ctx);
domain::Result<web::Response> screenings_submit(Ctx& ctx);

}  // namespace api
