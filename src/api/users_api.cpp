#include "api/users_api.hpp"

#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/organizations_service.hpp"
#include "services/users_service.hpp"

namespace api {

namespace {

// Reads a user body. `partial` (PATCH) makes every field optional; creation
// needs email, name and password; PUT needs name and role.
enum class Mode { kCreate, kReplace, kPartial };

domain::Result<services::UserInput> read_user(const web::Request& req, Mode mode) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::UserInput u;
  if (mode == Mode::kCreate) {
    u.email = in.email("email", true);
    u.password = in.string("password",
                           {.required = true, .max_length = 128, .min_length = 8, .trim = false});
  } else {
    u.password = in.string("password",
                           {.required = false, .max_length = 128, .min_length = 8, .trim = false});
  }
  u.name = in.string("name", {.required = mode != Mode::kPartial, .max_length = 200});
  if (auto role = in.choice("role", domain::kRoleNames, mode == Mode::kReplace)) {
    u.role = domain::parse_role(*role);
  }
  u.is_active = in.boolean("is_active", false);
  if (!in.ok()) return in.error();
  return u;
}

domain::Result<web::Response> update(Ctx& ctx, Mode mode) {
  auto input = read_user(ctx.req, mode);
  if (!input) return input.take_error();
  auto user = services::user_update(*ctx.db, ctx.deps, *ctx.who, ctx.req.id_param(0), *input);
  if (!user) return user.take_error();
  return object_response(200, *user, write_user);
}

}  // namespace

domain::Result<web::Response> users_list(Ctx& ctx) {
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::users_list(*ctx.db, *ctx.who, page), write_user);
}

domain::Result<web::Response> users_create(Ctx& ctx) {
  auto input = read_user(ctx.req, Mode::kCreate);
  if (!input) return input.take_error();
  auto user = services::user_create(*ctx.db, ctx.deps, *ctx.who, *input);
  if (!user) return user.take_error();
  return object_response(201, *user, write_user);
}

domain::Result<web::Response> users_retrieve(Ctx& ctx) {
  auto user = services::user_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!user) return user.take_error();
  return object_response(200, *user, write_user);
}

domain::Result<web::Response> users_update(Ctx& ctx) { return update(ctx, Mode::kReplace); }
domain::Result<web::Response> users_partial_update(Ctx& ctx) { return update(ctx, Mode::kPartial); }

domain::Result<web::Response> users_destroy(Ctx& ctx) {
  auto st = services::user_deactivate(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> organizations_list(Ctx& ctx) {
  auto page = page_request(ctx.req);
  domain::Page<domain::Organization> items;
  auto org = services::organization_get(*ctx.db, *ctx.who, ctx.who->org_id);
  if (!org) return org.take_error();
  items.total = 1;
  if (page.offset == 0) items.items.push_back(*org);
  return list_response(ctx, page, items, write_organization);
}

domain::Result<web::Response> organizations_retrieve(Ctx& ctx) {
  auto org = services::organization_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!org) return org.take_error();
  return object_response(200, *org, write_organization);
}

domain::Result<web::Response> organizations_update(Ctx& ctx) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  const bool partial = ctx.req.method == "PATCH";
  auto name = in.string("name", {.required = !partial, .max_length = 200});
  if (!in.ok()) return in.error();
  if (!name) return organizations_retrieve(ctx);
  auto org = services::organization_rename(*ctx.db, *ctx.who, ctx.req.id_param(0), *name);
  if (!org) return org.take_error();
  return object_response(200, *org, write_organization);
}

}  // namespace api
