// /webhooks/: endpoints, their secrets, pings and the log of deliveries (admins only).
#pragma once

#include "api/context.hpp"

namespace api {

domain::Result<web::Response> webhooks_list(Ctx& ctx);
domain::Result<web::Response> webhooks_create(Ctx& ctx);
domain::Result<web::Response> webhooks_retrieve(Ctx& ctx);
domain::Result<web::Response> webhooks_update(Ctx& ctx);
domain::Result<web::Response> webhooks_partial_update(Ctx& ctx);
domain::Result<web::Response> webhooks_destroy(Ctx& ctx);
domain::Result<web::Response> webhooks_rotate_secret(Ctx& ctx);
domain::Result<web::Response> webhooks_ping(Ctx& ctx);
domain::Result<web::Response> webhooks_deliveries(Ctx& ctx);
domain::Result<web::Response> webhooks_redeliver(Ctx& ctx);

}  // namespace api
