// POST /interview/bulk/: one workflow action on up to 500 items, each answered as
// its single endpoint answers it; each item its own transaction, or all of them one
// ("atomic": every item in a savepoint, everything rolled back when one fails).
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> workflow_bulk(Ctx& ctx);

}  // namespace api
