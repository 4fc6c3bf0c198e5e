// /interview/screenings/ and screenings/{id}/submit/.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> screenings_list(Ctx& ctx);
domain::Result<web::Response> screenings_create(Ctx& ctx);
domain::Result<web::Response> screenings_retrieve(Ctx& ctx);
domain::Result<web::Response> screenings_update(Ctx& ctx);
domain::Result<web::Response> screenings_partial_update(Ctx& ctx);
domain::Result<web::Response> screenings_destroy(Ctx& ctx);
domain::Result<web::Response> screenings_submit(Ctx& ctx);

}  // namespace api
