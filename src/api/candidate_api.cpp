#include "api/candidate_api.hpp"

#include <limits>

#include "api/answer_serializer.hpp"
#include "api/answers_api.hpp"
#include "json/input.hpp"
#include "services/candidate_service.hpp"
#include "util/timestamps.hpp"

namespace api {

namespace {

void write_session_question(json::Writer& w, const services::SessionQuestion& s) {
  const auto& q = s.question;
  w.StartObject();
  json::field(w, "id", q.id);
  json::field(w, "position", s.position);
  json::field(w, "type", q.type);
  json::field(w, "text", q.text);
  json::key(w, "options");
  w.StartArray();
  for (const auto& o : q.options) json::string(w, o);
  w.EndArray();
  json::field(w, "think_time_seconds", s.limits.think_seconds);
  json::field(w, "time_limit_seconds", s.limits.time_limit_seconds);
  json::field(w, "retakes_allowed", s.limits.retakes);
  json::field(w, "attempts_used", s.attempts_used);
  json::field(w, "answered", s.answered);
  w.EndObject();
}

void write_session(json::Writer& w, const services::CandidateSession& s) {
  w.StartObject();
  json::key(w, "organization");
  w.StartObject();
  json::field(w, "name", s.organization_name);
  w.EndObject();
  json::key(w, "job");
  w.StartObject();
  json::field(w, "title", s.job_title);
  json::field(w, "description", s.job_description);
  w.EndObject();
  json::field(w, "status", domain::to_string(s.status));
  json::field(w, "expires_at", s.expires_at);
  json::field(w, "consent_required", s.consent_required);
  json::key(w, "questions");
  w.StartArray();
  for (const auto& q : s.questions) write_session_question(w, q);
  w.EndArray();
  w.EndObject();
}

std::optional<std::string> rfc3339_of(std::optional<std::int64_t> ms) {
  if (!ms) return std::nullopt;
  return util::rfc3339_of_ms(*ms);
}

void write_attempt(json::Writer& w, const domain::Attempt& a) {
  w.StartObject();
  json::field(w, "attempt", a.id);
  json::field(w, "question", a.question_id);
  json::field(w, "number", a.number);
  json::field(w, "started_at", util::rfc3339_of_ms(a.started_ms));
  json::field(w, "think_deadline", rfc3339_of(a.think_deadline_ms()));
  json::field(w, "answer_deadline", rfc3339_of(a.answer_deadline_ms()));
  w.EndObject();
}

// {text | choices | rating}, read as POST /interview/answers/ reads them.
domain::Result<services::AnswerInput> read_answer(const web::Request& req) {
  auto body = json::Body::parse(req.content_type, req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  services::AnswerInput a;
  read_answer_content(in, a);
  if (!in.ok()) return in.error();
  return a;
}

}  // namespace

domain::Result<web::Response> candidate_session(Ctx& ctx) {
  auto session = services::candidate_session(*ctx.db, *ctx.who);
  if (!session) return session.take_error();
  return web::Response::json(200,
                             json::build([&](json::Writer& w) { write_session(w, *session); }));
}

domain::Result<web::Response> candidate_consent(Ctx& ctx) {
  auto body = json::Body::parse(ctx.req.content_type, ctx.req.body);
  if (!body) return body.take_error();
  json::FieldReader in(body->root());
  auto accepted = in.boolean("accepted", true);
  if (accepted && !*accepted) in.add("accepted", "Consent must be accepted to go on.");
  if (!in.ok()) return in.error();
  auto at = services::candidate_consent(*ctx.db, *ctx.who, ctx.req.remote);
  if (!at) return at.take_error();
  return web::Response::json(200, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::field(w, "accepted", true);
                               json::field(w, "consent_at", *at);
                               w.EndObject();
                             }));
}

domain::Result<web::Response> candidate_attempt_start(Ctx& ctx) {
  auto attempt = services::candidate_attempt_start(*ctx.db, *ctx.who, ctx.req.id_param(0));
  if (!attempt) return attempt.take_error();
  return web::Response::json(201,
                             json::build([&](json::Writer& w) { write_attempt(w, *attempt); }));
}

domain::Result<web::Response> candidate_answer(Ctx& ctx) {
  auto input = read_answer(ctx.req);
  if (!input) return input.take_error();
  auto answer = services::candidate_answer(*ctx.db, ctx.deps, *ctx.who, ctx.req.id_param(0),
                                           std::move(input.value()));
  if (!answer) return answer.take_error();
  return web::Response::json(
      201, json::build([&](json::Writer& w) { write_answer(w, *answer, ctx.public_url); }));
}

domain::Result<web::Response> candidate_submit(Ctx& ctx) {
  auto done = services::candidate_submit(*ctx.db, *ctx.who);
  if (!done) return done.take_error();
  return web::Response::json(200, json::build([&](json::Writer& w) {
                               w.StartObject();
                               json::field(w, "status", domain::to_string(done->status));
                               json::field(w, "completed_at", done->completed_at);
                               w.EndObject();
                             }));
}

}  // namespace api
