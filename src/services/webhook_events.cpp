#include "services/webhook_events.hpp"

#include "repos/answers_repo.hpp"
#include "repos/screenings_repo.hpp"
#include "repos/webhook_endpoints_repo.hpp"
#include "repos/webhook_outbox_repo.hpp"
#include "util/crypto.hpp"

namespace services::webhook_events {

namespace {

// An event's id: "msg_" and 32 random hex digits, the same on every attempt.
std::string new_event_id() {
  return "msg_" + util::random_hex(16);
}

}  // namespace

void write_actor(json::Writer& w, const Actor& a) {
  json::key(w, "actor");
  w.StartObject();
  switch (a.kind) {
    case Actor::Kind::kUser:
      json::field(w, "type", "user");
      json::field(w, "id", a.id);
      break;
    case Actor::Kind::kCandidate:
      json::field(w, "type", "candidate");
      json::field(w, "invitation", a.id);
      break;
    case Actor::Kind::kSystem:
      json::field(w, "type", "system");
      break;
  }
  w.EndObject();
}

namespace {

void write_step(json::Writer& w, const StepRef& s) {
  json::field(w, "step", s.id);
  json::field(w, "candidate", s.candidate_id);
  json::field(w, "job", s.job_id);
  json::field(w, "module", s.module_id);
  json::field(w, "service", s.service_id);
}

void write_status(json::Writer& w, std::string_view key,
                  const std::optional<domain::StepStatus>& s) {
  json::key(w, key);
  if (s) {
    json::string(w, domain::to_string(*s));
  } else {
    w.Null();
  }
}

}  // namespace

Actor actor_of(const domain::Principal& who) {
  if (who.invitation_id != 0) return {Actor::Kind::kCandidate, who.invitation_id};
  return {Actor::Kind::kUser, who.user_id};
}

std::string body(std::string_view type, const std::string& now, const Data& data) {
  return json::build([&](json::Writer& w) {
    w.StartObject();
    json::field(w, "type", type);
    json::field(w, "timestamp", now);
    json::key(w, "data");
    w.StartObject();
    data(w);
    w.EndObject();
    w.EndObject();
  });
}

void emit(db::Connection& db, std::int64_t org_id, std::string_view type, const Data& data,
          const std::string& now) {
  std::optional<std::int64_t> event_id;
  for (const auto& endpoint : repos::webhook_endpoints::active(db, org_id)) {
    if (!domain::subscribes(endpoint.events, type)) continue;
    if (!event_id) {
      event_id = repos::webhook_outbox::add_event(db, org_id, std::string(type), new_event_id(),
                                                  body(type, now, data), now);
    }
    repos::webhook_outbox::add_delivery(db, org_id, endpoint.id, *event_id, now);
    repos::webhook_outbox::wake(db, org_id, endpoint.id, now);
  }
}

std::int64_t emit_to(db::Connection& db, std::int64_t org_id, std::int64_t endpoint_id,
                     std::string_view type, const Data& data, const std::string& now) {
  const auto event_id = repos::webhook_outbox::add_event(
      db, org_id, std::string(type), new_event_id(), body(type, now, data), now);
  const auto delivery = repos::webhook_outbox::add_delivery(db, org_id, endpoint_id, event_id, now);
  repos::webhook_outbox::wake(db, org_id, endpoint_id, now);
  return delivery;
}

StepRef step_ref(const domain::InterviewStep& s) {
  return {s.id, s.candidate_id, s.job_id, s.module_id, s.service.id};
}

void step_status_changed(db::Connection& db, std::int64_t org_id, const StepRef& step,
                         std::optional<domain::StepStatus> from, domain::StepStatus to,
                         const Actor& actor, const std::string& now) {
  emit(
      db, org_id, "step.status_changed",
      [&](json::Writer& w) {
        write_step(w, step);
        write_status(w, "from", from);
        write_status(w, "to", to);
        write_actor(w, actor);
      },
      now);
}

void shortlisting(db::Connection& db, std::int64_t org_id, std::string_view type,
                  const StepRef& step, std::optional<domain::StepStatus> status, const Actor& actor,
                  const std::string& now) {
  emit(
      db, org_id, type,
      [&](json::Writer& w) {
        write_step(w, step);
        if (status) write_status(w, "status", status);
        write_actor(w, actor);
      },
      now);
}

void answer_event(db::Connection& db, std::int64_t org_id, std::string_view type,
                  std::int64_t answer_id, const Actor& actor, const Data& extra,
                  const std::string& now) {
  emit(
      db, org_id, type,
      [&](json::Writer& w) {
        json::field(w, "answer", answer_id);
        auto answer = repos::answers::find(db, org_id, answer_id);
        if (answer) {
          json::field(w, "question", answer->question_id);
          json::field(w, "screening", answer->screening_id);
          if (auto s = repos::screenings::find(db, org_id, answer->screening_id)) {
            json::field(w, "candidate", s->candidate_id);
            json::field(w, "job", s->job_id);
            json::field(w, "service", s->service_id);
          }
          json::field(w, "has_media", answer->media.has_value());
        }
        if (extra) extra(w);
        write_actor(w, actor);
      },
      now);
}

void invitation_event(db::Connection& db, const domain::Invitation& inv, std::string_view type,
                      const std::string& now) {
  emit(
      db, inv.org_id, type,
      [&](json::Writer& w) {
        json::field(w, "invitation", inv.id);
        json::field(w, "candidate", inv.candidate_id);
        json::field(w, "job", inv.job_id);
        json::field(w, "module", inv.module_id);
        json::field(w, "service", inv.service_id);
        json::field(w, "screening", inv.screening_id);
        write_actor(w, {Actor::Kind::kCandidate, inv.id});
      },
      now);
}

void screening_submitted(db::Connection& db, const domain::Screening& s, const Actor& actor,
                         const std::string& now) {
  emit(
      db, s.org_id, "screening.submitted",
      [&](json::Writer& w) {
        json::field(w, "screening", s.id);
        json::field(w, "candidate", s.candidate_id);
        json::field(w, "job", s.job_id);
        json::field(w, "module", s.module_id);
        json::field(w, "service", s.service_id);
        json::field(w, "question_set", s.question_set_id);
        write_actor(w, actor);
      },
      now);
}

void feedback_created(db::Connection& db, const domain::Feedback& f, const std::string& now) {
  emit(
      db, f.org_id, "feedback.created",
      [&](json::Writer& w) {
        json::field(w, "feedback", f.id);
        json::field(w, "job", f.job_id);
        json::field(w, "candidate", f.candidate_id);
        json::field(w, "step", f.step_id);
        json::field(w, "rating", f.rating);
        json::field(w, "recommendation", f.recommendation);
        write_actor(w, {Actor::Kind::kUser, f.author_id});
      },
      now);
}

}  // namespace services::webhook_events
