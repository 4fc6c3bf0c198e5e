#include "api/steps_api.hpp"

#include "api/interview_serializers.hpp"
#include "api/query_params.hpp"
#include "api/serializers.hpp"
#include "domain/step_status.hpp"
#include "json/input.hpp"
#include "services/steps_service.hpp"

namespace api {

namespace {

domain::Result<services::StepInput> read_step(const web::Request& req, bool create) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::StepInput s;
  if (create) {
    s.module = in.id("module", true);
    s.job = in.id("job", true);
    s.candidate = in.id("candidate", true);
    s.service = in.id("service", true);
  }
  s.order = in.integer("order", false, 1, 1000000);
  auto status = in.choice("status", domain::kStepStatusNames, false);
  if (!in.ok()) return in.error();
  if (status) s.status = domain::parse_step_status(*status);
  return s;
}

}  // namespace

domain::Result<web::Response> steps_list(Ctx& ctx) {
  QueryReader q(ctx.req);
  repos::steps::Filter f;
  f.candidate_id = q.id("candidate_id");
  f.job_id = q.id("job_id");
  f.module_id = q.id("module_id");
  auto status = q.choice("status", domain::kStepStatusNames);
  if (!q.ok()) return q.error();
  if (status) f.status = domain::parse_step_status(*status);
  auto page = page_request(ctx.req);
  return list_response(ctx, page, services::steps_list(*ctx.db, *ctx.who, f, page), write_step);
}

domain::Result<web::Response> steps_create(Ctx& ctx) {
  auto input = read_step(ctx.req, true);
  if (!input) return input.take_error();
  auto step = services::step_create(*ctx.db, *ctx.who, *input);
  if (!step) return step.take_error();
  return object_response(201, *step, write_step);
}

domain::Result<web::Response> steps_retrieve(Ctx& ctx) {
  auto step = services::step_get(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!step) return step.take_error();
  return object_response(200, *step, write_step);
}

domain::Result<web::Response> steps_update(Ctx& ctx) {
  auto input = read_step(ctx.req, false);
  if (!input) return input.take_error();
  auto step = services::step_change(*ctx.db, *ctx.who, ctx.req.id_param(0), *input);
  if (!step) return step.take_error();
  return object_response(200, *step, write_step);
}

domain::Result<web::Response> steps_destroy(Ctx& ctx) {
  auto st = services::step_delete(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!st) return st.take_error();
  return web::Response::no_content();
}

domain::Result<web::Response> steps_history(Ctx& ctx) {
  auto page = page_request(ctx.req);
  auto history = services::step_history(*ctx.db, *ctx.who, ctx.req.id_param(0), page);
  if (!history) return history.take_error();
  return list_response(ctx, page, *history, write_step_change);
}

}  // namespace api
