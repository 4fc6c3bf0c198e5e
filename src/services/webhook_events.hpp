// The events of webhooks (API.md, "Webhooks"), written by the change that causes them in
// its own transaction: one event row and one delivery per active endpoint of the
// organization that subscribed to its type. A rolled-back change sends nothing; a
// committed one is delivered by the workers (jobs/webhook_deliverer.hpp).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "db/connection.hpp"
#include "domain/interview.hpp"
#include "domain/invitation.hpp"
#include "domain/models.hpp"
#include "domain/screening.hpp"
#include "domain/step_status.hpp"
#include "json/writer.hpp"

namespace services::webhook_events {

// Who caused an event: a user, a candidate (by the invitation) or the service itself.
struct Actor {
  enum class Kind { kUser, kCandidate, kSystem } kind = Kind::kSystem;
  std::int64_t id = 0;  // the user's or the invitation's
};
Actor actor_of(const domain::Principal& who);
// "actor": {"type": "user", "id"} | {"type": "candidate", "invitation"} | {"type": "system"}
void write_actor(json::Writer& w, const Actor& a);

using Data = std::function<void(json::Writer&)>;  // writes the members of `data`

// The body sent for an event: {"type", "timestamp", "data"}.
std::string body(std::string_view type, const std::string& now, const Data& data);

// Writes the event for every subscribed active endpoint of the organization; nothing
// when there is none.
void emit(db::Connection& db, std::int64_t org_id, std::string_view type, const Data& data,
          const std::string& now);
// Writes the event for one endpoint whatever it subscribed to (ping); the delivery's id.
std::int64_t emit_to(db::Connection& db, std::int64_t org_id, std::int64_t endpoint_id,
                     std::string_view type, const Data& data, const std::string& now);

// The step an event is about, with where it belongs.
struct StepRef {
  std::int64_t id = 0;
  std::int64_t candidate_id = 0;
  std::int64_t job_id = 0;
  std::int64_t module_id = 0;
  std::int64_t service_id = 0;
};
StepRef step_ref(const domain::InterviewStep& s);

void step_status_changed(db::Connection& db, std::int64_t org_id, const StepRef& step,
                         std::optional<domain::StepStatus> from, domain::StepStatus to,
                         const Actor& actor, const std::string& now);
// candidate.shortlisted / candidate.unshortlisted: the step acted on.
void shortlisting(db::Connection& db, std::int64_t org_id, std::string_view type,
                  const StepRef& step, std::optional<domain::StepStatus> status, const Actor& actor,
                  const std::string& now);

// answer.created / answer.processed / answer.failed: the answer with its screening's
// candidate, job and service; `extra` adds members.
void answer_event(db::Connection& db, std::int64_t org_id, std::string_view type,
                  std::int64_t answer_id, const Actor& actor, const Data& extra,
                  const std::string& now);
// invitation.opened / invitation.completed.
void invitation_event(db::Connection& db, const domain::Invitation& inv, std::string_view type,
                      const std::string& now);
void screening_submitted(db::Connection& db, const domain::Screening& s, const Actor& actor,
                         const std::string& now);
void feedback_created(db::Connection& db, const domain::Feedback& f, const std::string& now);

}  // namespace services::webhook_events
