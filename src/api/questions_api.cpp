#include "api/questions_api.hpp"

#include "api/query_params.hpp"
#include "api/question_serializers.hpp"
#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/questions_service.hpp"

namespace api {

namespace {

constexpr std::size_t kMaxOptionLength = 500;
constexpr std::int64_t kMaxOrder = 2147483647;
constexpr std::size_t kMaxQuestionIds = 1000;

// Creation and PUT need question_set, text and type; PATCH (partial) makes every
// field optional.
domain::Result<services::QuestionInput> read_question(const web::Request& req, bool partial) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::QuestionInput q;
  q.question_set = in.id("question_set", !partial);
  q.text = in.string("text", {.required = !partial, .max_length = 5000});
  q.type = in.choice("type", domain::kQuestionTypes, !partial);
  // Whether the type takes options, and how many, is the service's check: it knows the
  // question's type on a partial update.
  q.options =
      in.strings("options", false, {.item = {.max_length = kMaxOptionLength}, .distinct = true});
  q.order = in.integer("order", false, 0, kMaxOrder);
  q.is_required = in.boolean("is_required", false);
  q.time_limit_seconds = in.nullable_integer("time_limit_seconds", 1, 3600);
  q.think_time_seconds = in.nullable_integer("think_time_seconds", 0, 600);
  q.max_retakes = in.nullable_integer("max_retakes", 0, 10);
  if (!in.ok()) return in.error();
  return q;
}

domain::Result<web::Response> update(Ctx& ctx, bool partial) {
  auto input = read_question(ctx.req, partial);
  if (!input) return input.take_error();
  auto q = services::question_update(*ctx.db, *ctx.who, ctx.req.id_param(0), *input);
  if (!q) return q.take_error();
  return object_response(200, *q, write_question);
}

}  // namespace

domain::Result<web::Response> questions_list(Ctx& ctx) {
  QueryReader query(ctx.req);
  services::QuestionFilter f;
  f.question_set_id = query.id("question_set_id");
  f.ids = query.id_list("question_ids", kMaxQuestionIds);
  if (!query.ok()) return query.error();
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::questions_list(*ctx.db, *ctx.who, f, page),
                       write_question);
}

domain::Result<web::Response> questions_create(Ctx& ctx) {
  auto input = read_question(ctx.req, false);
  if (!input) return input.take_error();
  auto q = services::question_create(*ctx.db, *ctx.who, *input);
  if (!q) return q.take_error();
  return object_response(201, *q, write_question);
}

domain::Result<web::Response> questions_retrieve(Ctx& ctx) {
  auto q = services::question_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!q) return q.take_error();
  return object_response(200, *q, write_question);
}

domain::Result<web::Response> questions_update(Ctx& ctx) {
  return update(ctx, false);
}
domain::Result<web::Response> questions_partial_update(Ctx& ctx) {
  return update(ctx, true);
}

domain::Result<web::Response> questions_destroy(Ctx& ctx) {
  auto st = services::question_delete(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

}  // namespace api
