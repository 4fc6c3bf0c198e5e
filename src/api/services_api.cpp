#include "api/services_api.hpp"

#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/services_service.hpp"

namespace api {

domain::Result<web::Response> services_list(Ctx& ctx) {
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::services_list(*ctx.db, *ctx.who, page), write_service);
}

domain::Result<web::Response> services_create(Ctx& ctx) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  auto name = in.string("name", {.required = true, .max_length = 100});
  auto kind = in.choice("kind", domain::kServiceKinds, true);
  auto description = in.string("description", {.allow_blank = true, .max_length = 2000});
  if (!in.ok()) return in.error();
  auto s = services::service_create(*ctx.db, *ctx.who, {*name, *kind, description.value_or("")});
  if (!s) return s.take_error();
  return object_response(201, *s, write_service);
}

domain::Result<web::Response> services_retrieve(Ctx& ctx) {
  auto s = services::service_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!s) return s.take_error();
  return object_response(200, *s, write_service);
}

}  // namespace api
