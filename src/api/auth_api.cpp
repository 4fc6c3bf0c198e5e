#include "api/auth_api.hpp"

#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/auth_service.hpp"
#include "util/text.hpp"

namespace api {

namespace {

constexpr json::StringRule kNameRule{.required = true, .max_length = 200};
constexpr json::StringRule kPasswordRule{
    .required = true, .max_length = 128, .min_length = 8, .trim = false};

web::Response session_response(unsigned status, const services::Session& s, bool with_org) {
  return web::Response::json(status, json::build([&](json::Writer& w) {
    w.StartObject();
    json::field(w, "token", s.token);
    json::field(w, "expires_at", s.expires_at);
    json::key(w, "user");
    write_user(w, s.user);
    if (with_org) {
      json::key(w, "organization");
      write_organization(w, s.organization);
    }
    w.EndObject();
  }));
}

}  // namespace

domain::Result<web::Response> auth_register(Ctx& ctx) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::RegisterInput input;
  if (auto org = in.object("organization", true)) {
    json::FieldReader org_in(*org, "organization");
    if (auto name = org_in.string("name", kNameRule)) input.organization_name = *name;
    for (auto& [k, v] : org_in.errors()) in.errors()[k] = v;
  }
  auto name = in.string("name", kNameRule);
  auto email = in.email("email", true);
  auto password = in.string("password", kPasswordRule);
  if (!in.ok()) return in.error();
  input.name = *name;
  input.email = *email;
  input.password = *password;
  auto session = services::register_organization(*ctx.db, ctx.deps, input);
  if (!session) return session.take_error();
  return session_response(201, *session, true);
}

domain::Result<web::Response> auth_token(Ctx& ctx) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  auto email = in.string("email", {.required = true, .max_length = 254});
  auto password = in.string("password", {.required = true, .max_length = 128, .trim = false});
  if (!in.ok()) return in.error();
  auto session = services::login(*ctx.db, ctx.deps, util::ascii_lower(*email), *password);
  if (!session) return session.take_error();
  return session_response(200, *session, false);
}

domain::Result<web::Response> auth_logout(Ctx& ctx) {
  services::logout(*ctx.db, *ctx.who);
  return web::Response::no_content();
}

domain::Result<web::Response> auth_me(Ctx& ctx) {
  auto me = services::me(*ctx.db, *ctx.who);
  if (!me) return me.take_error();
  return web::Response::json(200, json::build([&](json::Writer& w) {
    w.StartObject();
    json::key(w, "user");
    write_user(w, me->user);
    json::key(w, "organization");
    write_organization(w, me->organization);
    w.EndObject();
  }));
}

}  // namespace api
