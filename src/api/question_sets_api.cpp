#include "api/question_sets_api.hpp"

#include "api/question_serializers.hpp"
#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/question_sets_service.hpp"

namespace api {

namespace {

// Creation and PUT need a name; PATCH (partial) makes every field optional.
domain::Result<services::QuestionSetInput> read_question_set(const web::Request& req,
                                                             bool partial) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::QuestionSetInput s;
  s.name = in.string("name", {.required = !partial, .max_length = 200});
  s.description = in.string("description", {.allow_blank = true, .max_length = 10000});
  s.service = in.nullable_id("service");
  if (!in.ok()) return in.error();
  return s;
}

domain::Result<web::Response> update(Ctx& ctx, bool partial) {
  auto input = read_question_set(ctx.req, partial);
  if (!input) return input.take_error();
  auto set = services::question_set_update(*ctx.db, *ctx.who, ctx.req.id_param(0), *input);
  if (!set) return set.take_error();
  return object_response(200, *set, write_question_set);
}

}  // namespace

domain::Result<web::Response> question_sets_list(Ctx& ctx) {
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::question_sets_list(*ctx.db, *ctx.who, page),
                       write_question_set);
}

domain::Result<web::Response> question_sets_create(Ctx& ctx) {
  auto input = read_question_set(ctx.req, false);
  if (!input) return input.take_error();
  auto set = services::question_set_create(*ctx.db, *ctx.who, *input);
  if (!set) return set.take_error();
  return object_response(201, *set, write_question_set);
}

domain::Result<web::Response> question_sets_retrieve(Ctx& ctx) {
  auto set = services::question_set_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!set) return set.take_error();
  return object_response(200, *set, write_question_set);
}

domain::Result<web::Response> question_sets_update(Ctx& ctx) {
  return update(ctx, false);
}
domain::Result<web::Response> question_sets_partial_update(Ctx& ctx) {
  return update(ctx, true);
}

domain::Result<web::Response> question_sets_destroy(Ctx& ctx) {
  auto st = services::question_set_delete(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

}  // namespace api
