// Operations: health, readiness, metrics, the API document.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> ops_healthz(Ctx& ctx);
domain::Result<web::Response> ops_readyz(Ctx& ctx);
domain::Result<web::Response> ops_metrics(Ctx& ctx);
domain::Result<web::Response> ops_schema(Ctx& ctx);
domain::Result<web::Response> ops_docs(Ctx& ctx);

}  // namespace api
