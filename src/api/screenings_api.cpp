#include "api/screenings_api.hpp"

#include "api/media_cleanup.hpp"
#include "api/query_params.hpp"
#include "api/question_serializers.hpp"
#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/screenings_service.hpp"

namespace api {

namespace {

// `service`: an id, a name, or an object with `id` or `name` (as the workflow
// requests give it).
services::ServiceRef read_service(json::FieldReader& in) {
  services::ServiceRef ref;
  const auto type = in.type("service");
  if (type == simdjson::dom::element_type::OBJECT) {
    json::FieldReader s(*in.object("service", true), "service");
    if (s.has("id")) {
      ref.id = s.id("id", true);
    } else if (s.has("name")) {
      ref.name = s.string("name", {.required = true, .max_length = 100});
    } else {
      in.add("service", "Give the service's id or name.");
    }
    for (auto& [k, v] : s.errors()) in.errors()[k] = v;
  } else if (type == simdjson::dom::element_type::STRING) {
    ref.name = in.string("service", {.required = true, .max_length = 100});
  } else {
    // A number; the type error for anything else, or "required" when absent.
    ref.id = in.id("service", true);
  }
  return ref;
}

domain::Result<services::ScreeningInput> read_new_screening(const web::Request& req) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  auto s = read_screening_fields(in);
  if (!in.ok()) return in.error();
  return *s;
}

// Only the question set may change; the other fields are fixed at creation and
// ignored here. PUT needs it, PATCH may leave it out.
domain::Result<web::Response> update(Ctx& ctx, bool partial) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  auto question_set = in.id("question_set_id", !partial);
  if (!in.ok()) return in.error();
  auto s = services::screening_update(*ctx.db, *ctx.who, ctx.req.id_param(0), question_set);
  if (!s) return s.take_error();
  return object_response(200, *s, write_screening);
}

}  // namespace

std::optional<services::ScreeningInput> read_screening_fields(json::FieldReader& in) {
  services::ScreeningInput s;
  auto candidate = in.id("candidate_id", true);
  auto job = in.id("job_id", true);
  auto module = in.id("module_id", true);
  s.service = read_service(in);
  // Absent or null: the module preferences' question set.
  s.question_set_id = in.nullable_id("question_set_id").value_or(std::nullopt);
  if (!candidate || !job || !module || !in.ok()) return std::nullopt;
  s.candidate_id = *candidate;
  s.job_id = *job;
  s.module_id = *module;
  return s;
}

domain::Result<web::Response> screenings_list(Ctx& ctx) {
  QueryReader query(ctx.req);
  services::ScreeningFilter f;
  f.candidate_id = query.id("candidate_id");
  f.job_id = query.id("job_id");
  auto status = query.choice("status", domain::kScreeningStatuses);
  if (!query.ok()) return query.error();
  if (status) f.status = domain::parse_screening_status(*status);
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::screenings_list(*ctx.db, *ctx.who, f, page),
                       write_screening);
}

domain::Result<web::Response> screenings_create(Ctx& ctx) {
  auto input = read_new_screening(ctx.req);
  if (!input) return input.take_error();
  auto s = services::screening_create(*ctx.db, *ctx.who, *input);
  if (!s) return s.take_error();
  return object_response(201, *s, write_screening);
}

domain::Result<web::Response> screenings_retrieve(Ctx& ctx) {
  auto s = services::screening_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!s) return s.take_error();
  return object_response(200, *s, write_screening);
}

domain::Result<web::Response> screenings_update(Ctx& ctx) {
  return update(ctx, false);
}
domain::Result<web::Response> screenings_partial_update(Ctx& ctx) {
  return update(ctx, true);
}

domain::Result<web::Response> screenings_destroy(Ctx& ctx) {
  auto keys = services::screening_delete(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!keys) return keys.take_error();
  // The rows are gone for good now; only then do their files go.
  remove_media_keys(ctx, *keys);
  return web::Response::no_content();
}

domain::Result<web::Response> screenings_submit(Ctx& ctx) {
  auto s = services::screening_submit(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!s) return s.take_error();
  return object_response(200, *s, write_screening);
}

}  // namespace api
