// The workflow endpoints: shortlist-candidate/, unshortlist-candidate/,
// update-step/, update-status/. Each is one function from the request's JSON object
// to the endpoint's answer (or the error it answers with), which the bulk endpoint
// (workflow_bulk_api.hpp) runs for each of its items.
#pragma once

#include <simdjson.h>

#include "api/context.hpp"

namespace api {

// One workflow request: `body` is the request's JSON object.
using WorkflowCall = domain::Result<web::Response> (*)(db::Connection& db,
                                                       const domain::Principal& who,
                                                       simdjson::dom::object body);

domain::Result<web::Response> shortlist_answer(db::Connection& db, const domain::Principal& who,
                                               simdjson::dom::object body);
domain::Result<web::Response> unshortlist_answer(db::Connection& db, const domain::Principal& who,
                                                 simdjson::dom::object body);
domain::Result<web::Response> update_step_answer(db::Connection& db, const domain::Principal& who,
                                                 simdjson::dom::object body);
domain::Result<web::Response> update_status_answer(db::Connection& db, const domain::Principal& who,
                                                   simdjson::dom::object body);

domain::Result<web::Response> workflow_shortlist(Ctx& ctx);
domain::Result<web::Response> workflow_unshortlist(Ctx& ctx);
domain::Result<web::Response> workflow_update_step(Ctx& ctx);
domain::Result<web::Response> workflow_update_status(Ctx& ctx);

}  // namespace api
