// Resumable uploads over tus 1.0.0 at /api/v1/uploads/tus/: OPTIONS (what the server
// speaks), POST (creation, creation-defer-length), HEAD (the offset reached), PATCH (bytes
// at that offset, checksum sha1), DELETE (termination). The protocol's headers are read
// and written here; services/tus_service.hpp does the work.
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> tus_options(Ctx& ctx);
domain::Result<web::Response> tus_create(Ctx& ctx);
domain::Result<web::Response> tus_head(Ctx& ctx);
// PATCH: the checks before the body is read, then the append.
domain::Result<web::Response> tus_patch_precheck(Ctx& ctx);
domain::Result<web::Response> tus_patch(Ctx& ctx);
domain::Result<web::Response> tus_delete(Ctx& ctx);

// Every response to a tus request but OPTIONS says which protocol version it speaks
// (Tus-Resumable), whoever made it (a handler, authentication, the router); a 412 also
// lists the versions the server speaks (Tus-Version).
void add_tus_headers(const web::Request& req, web::Response& res);

}  // namespace api
