// Operations: health, readiness, metrics, the API document and its page.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> ops_healthz(Ctx& ctx);
domain::Result<web::Response> ops_readyz(Ctx& ctx);
domain::Result<web::Response> ops_metrics(Ctx& ctx);
domain::Result<web::Response> ops_schema(Ctx& ctx);
// The page rendering the API document (web/src/docs/), and its files.
domain::Result<web::Response> ops_docs(Ctx& ctx);
domain::Result<web::Response> ops_docs_asset(Ctx& ctx);

}  // namespace api
