#include "api/workflow_api.hpp"

#include "api/interview_serializers.hpp"
#include "api/serializers.hpp"
#include "json/input.hpp"
#include "services/workflow_service.hpp"

namespace api {

namespace wf = domain::workflow;

namespace {

constexpr const char* kShortlistMessage =
    "Resume screening completed successfully. Interview step updated.";

// Reads candidate_id, job_id, module_id and service ({id} or {name}).
services::WorkflowTarget read_target(json::FieldReader& in) {
  services::WorkflowTarget t;
  auto candidate = in.id("candidate_id", true);
  auto job = in.id("job_id", true);
  auto module = in.id("module_id", true);
  if (auto service = in.object("service", true)) {
    json::FieldReader s(*service, "service");
    if (s.has("id")) {
      t.service_id = s.id("id", true);
    } else if (s.has("name")) {
      t.service_name = s.string("name", {.required = true, .max_length = 100});
    } else {
      in.add("service", "Give the service's id or name.");
    }
    for (auto& [k, v] : s.errors()) in.errors()[k] = v;
  }
  t.candidate_id = candidate.value_or(0);
  t.job_id = job.value_or(0);
  t.module_id = module.value_or(0);
  return t;
}

web::Response outcome_response(const char* message, const services::WorkflowOutcome& out) {
  return web::Response::json(200, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::field(w, "message", message);
                               json::field(w, "interview_step_id", out.step_id);
                               json::key(w, "candidate");
                               write_candidate(w, out.candidate);
                               w.EndObject();
                             }));
}

}  // namespace

domain::Result<web::Response> shortlist_answer(db::Connection& db, const domain::Principal& who,
                                               simdjson::dom::object body) {
  json::FieldReader in(body);
  auto target = read_target(in);
  if (!in.ok()) return in.error();
  auto out = services::shortlist_candidate(db, who, target);
  if (!out) return out.take_error();
  return outcome_response(kShortlistMessage, *out);
}

domain::Result<web::Response> unshortlist_answer(db::Connection& db, const domain::Principal& who,
                                                 simdjson::dom::object body) {
  json::FieldReader in(body);
  auto target = read_target(in);
  using S = domain::StepStatus;
  static constexpr std::string_view kTargets[] = {domain::to_string(S::kPending),
                                                  domain::to_string(S::kRejected)};
  auto status = in.choice("status", kTargets, false);
  if (!in.ok()) return in.error();
  auto out = services::unshortlist_candidate(
      db, who, target, status ? domain::parse_step_status(*status).value() : S::kPending);
  if (!out) return out.take_error();
  return web::Response::json(200, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::field(w, "message", "Candidate unshortlisted successfully");
                               json::key(w, "candidate");
                               write_candidate(w, out->candidate);
                               w.EndObject();
                             }));
}

domain::Result<web::Response> update_step_answer(db::Connection& db, const domain::Principal& who,
                                                 simdjson::dom::object body) {
  json::FieldReader in(body);
  auto target = read_target(in);
  auto action = in.choice("action", wf::kActionNames, true);
  auto order = in.integer("order", false, 1, 1000000);
  if (!in.ok()) return in.error();
  auto out = services::step_update(db, who, target, *wf::parse_action(*action), order);
  if (!out) return out.take_error();
  return web::Response::json(200, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::key(w, "message");
                               write_step(w, out->step);
                               w.EndObject();
                             }));
}

domain::Result<web::Response> update_status_answer(db::Connection& db, const domain::Principal& who,
                                                   simdjson::dom::object body) {
  json::FieldReader in(body);
  auto target = read_target(in);
  auto status = in.choice("status", domain::kStepStatusNames, true);
  if (!in.ok()) return in.error();
  auto out = services::step_status_set(db, who, target, domain::parse_step_status(*status).value());
  if (!out) return out.take_error();
  return outcome_response(kShortlistMessage, *out);
}

namespace {

// A single endpoint: the body read as every JSON endpoint reads it, then its action.
domain::Result<web::Response> answer_request(Ctx& ctx, WorkflowCall call) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  return call(*ctx.db, *ctx.who, body->root());
}

}  // namespace

domain::Result<web::Response> workflow_shortlist(Ctx& ctx) {
  return answer_request(ctx, shortlist_answer);
}

domain::Result<web::Response> workflow_unshortlist(Ctx& ctx) {
  return answer_request(ctx, unshortlist_answer);
}

domain::Result<web::Response> workflow_update_step(Ctx& ctx) {
  return answer_request(ctx, update_step_answer);
}

domain::Result<web::Response> workflow_update_status(Ctx& ctx) {
  return answer_request(ctx, update_status_answer);
}

}  // namespace api
