#include "services/candidate_service.hpp"

#include <set>

#include "auth/invitation_token.hpp"
#include "auth/token.hpp"
#include "json/writer.hpp"
#include "repos/answers_repo.hpp"
#include "repos/attempts_repo.hpp"
#include "repos/invitations_repo.hpp"
#include "repos/jobs_repo.hpp"
#include "repos/organizations_repo.hpp"
#include "repos/questions_repo.hpp"
#include "repos/screenings_repo.hpp"
#include "services/candidate_writes.hpp"
#include "services/step_preferences.hpp"
#include "services/webhook_events.hpp"
#include "storage/storage.hpp"
#include "util/clock.hpp"
#include "util/timestamps.hpp"

namespace services {

namespace {

namespace messages = domain::invitation_messages;
using domain::InvitationEventKind;
using domain::InvitationStatus;
using domain::StepStatus;

// Every question of a screening fits in one page of this.
constexpr domain::PageRequest kAll{1000000, 0};

domain::Error not_valid() {
  return domain::Error::unauthenticated(std::string(messages::kNotValid));
}

domain::LimitSource own_limits(const domain::Question& q) {
  return {q.think_time_seconds, q.time_limit_seconds, q.max_retakes};
}

std::string choices_json(const std::vector<std::string>& choices) {
  return json::build([&](json::Writer& w) {
    w.StartArray();
    for (const auto& c : choices) json::string(w, c);
    w.EndArray();
  });
}

// The first read of a sent invitation opens it: opened_at, the timeline, and the
// candidate's Pending step goes In Progress.
void open_invitation(db::Connection& db, const domain::Principal& who) {
  db::Transaction tx(db, true);
  auto inv = repos::invitations::find(db, who.org_id, who.invitation_id, db::Lock::kUpdate);
  if (!inv || inv->status != InvitationStatus::kSent) return;
  const std::string now = util::now_rfc3339();
  repos::invitations::mark_opened(db, inv->id, now);
  candidate::record_event(db, *inv, InvitationEventKind::kOpened, std::nullopt, std::nullopt,
                          "The candidate opened the link.", now);
  candidate::move_step(db, *inv, StepStatus::kPending, StepStatus::kInProgress, now);
  webhook_events::invitation_event(db, *inv, "invitation.opened", now);
  tx.commit();
}

// The questions of the invitation's screening as the candidate sees them.
std::vector<SessionQuestion> session_questions(db::Connection& db, const domain::Invitation& inv,
                                               std::int64_t question_set_id) {
  const auto step = step_preferences(db, inv.org_id, inv.module_id, inv.service_id).limits;
  const auto used = repos::attempts::counts(db, inv.id);
  std::set<std::int64_t> answered;
  const auto answers = repos::answers::list(db, inv.org_id, inv.screening_id, kAll);
  for (const auto& a : answers.items) answered.insert(a.question_id);
  auto questions = repos::questions::list(db, inv.org_id, {question_set_id, std::nullopt}, kAll);
  std::vector<SessionQuestion> out;
  for (auto& q : questions.items) {
    SessionQuestion s;
    s.position = static_cast<std::int64_t>(out.size()) + 1;
    s.limits = domain::question_limits(own_limits(q), step, inv.accommodations);
    auto it = used.find(q.id);
    s.attempts_used = it == used.end() ? 0 : it->second;
    s.answered = answered.count(q.id) > 0;
    s.question = std::move(q);
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace

domain::Result<domain::Principal> candidate_authenticate(db::Connection& db,
                                                         const std::string& header) {
  auto key = auth::invitation_key(header);
  if (!key) return not_valid();
  auto owner = repos::invitations::find_by_token(db, auth::hash_token(*key));
  if (!owner || owner->status == InvitationStatus::kRevoked) return not_valid();
  if (domain::invitation_status(owner->status, owner->expires_at, util::now_rfc3339()) ==
      InvitationStatus::kExpired) {
    return domain::Error::unauthenticated(std::string(messages::kExpired));
  }
  domain::Principal p;
  p.org_id = owner->org_id;
  p.invitation_id = owner->id;
  return p;
}

domain::Result<CandidateSession> candidate_session(db::Connection& db,
                                                   const domain::Principal& who) {
  auto inv = repos::invitations::find(db, who.org_id, who.invitation_id);
  if (inv && inv->status == InvitationStatus::kSent) {
    open_invitation(db, who);
    inv = repos::invitations::find(db, who.org_id, who.invitation_id);
  }
  if (!inv || inv->status == InvitationStatus::kRevoked) return not_valid();
  auto org = repos::organizations::find(db, who.org_id);
  auto job = repos::jobs::find(db, who.org_id, inv->job_id);
  auto screening = repos::screenings::find(db, who.org_id, inv->screening_id);
  if (!org || !job || !screening) return not_valid();
  CandidateSession s;
  s.organization_name = org->name;
  s.job_title = job->title;
  s.job_description = job->description;
  s.status = domain::invitation_status(inv->status, inv->expires_at, util::now_rfc3339());
  s.expires_at = inv->expires_at;
  s.consent_required = !inv->consent_at;
  s.questions = session_questions(db, *inv, screening->question_set_id);
  return s;
}

domain::Result<std::string> candidate_consent(db::Connection& db, const domain::Principal& who,
                                              const std::string& address) {
  db::Transaction tx(db, true);
  auto inv = candidate::writable_invitation(db, who, false, db::Lock::kUpdate);
  if (!inv) return inv.take_error();
  if (inv->consent_at) return *inv->consent_at;
  const std::string now = util::now_rfc3339();
  repos::invitations::set_consent(db, inv->id, now, address);
  candidate::record_event(db, *inv, InvitationEventKind::kConsent, std::nullopt, std::nullopt,
                          "Consent given from " + address + ".", now);
  tx.commit();
  return now;
}

domain::Result<domain::Attempt> candidate_attempt_start(db::Connection& db,
                                                        const domain::Principal& who,
                                                        std::int64_t question_id) {
  db::Transaction tx(db, true);
  auto inv = candidate::writable_invitation(db, who, true, db::Lock::kUpdate);
  if (!inv) return inv.take_error();
  auto screening = repos::screenings::find(db, who.org_id, inv->screening_id);
  auto question = repos::questions::find(db, who.org_id, question_id);
  if (!question || !screening || question->question_set_id != screening->question_set_id) {
    return domain::Error::not_found();
  }
  const auto limits = domain::question_limits(
      own_limits(*question),
      step_preferences(db, who.org_id, inv->module_id, inv->service_id).limits,
      inv->accommodations);
  const std::int64_t used = repos::attempts::count(db, inv->id, question_id);
  if (used >= limits.allowance()) {
    return domain::Error::conflict("No attempts left at this question (" +
                                   std::to_string(limits.allowance()) + " allowed).");
  }
  domain::Attempt a;
  a.invitation_id = inv->id;
  a.question_id = question_id;
  a.number = used + 1;
  a.started_ms = util::unix_now_ms();
  a.think_seconds = limits.think_seconds;
  a.time_limit_seconds = limits.time_limit_seconds;
  const std::string now = util::rfc3339_of_ms(a.started_ms);
  auto id = repos::attempts::insert(db,
                                    {who.org_id, inv->id, question_id, a.number, a.started_ms,
                                     a.think_seconds, a.time_limit_seconds},
                                    now);
  if (!id) return domain::Error::conflict("Another attempt at this question started meanwhile.");
  a.id = *id;
  candidate::record_event(
      db, *inv, InvitationEventKind::kAttemptStarted, question_id, a.id,
      "Attempt " + std::to_string(a.number) + " of " + std::to_string(limits.allowance()) + ".",
      now);
  tx.commit();
  return a;
}

domain::Result<domain::Answer> candidate_answer(db::Connection& db, const Deps& deps,
                                                const domain::Principal& who,
                                                std::int64_t attempt_id, AnswerInput in) {
  candidate::Recorded recorded;
  {
    db::Transaction tx(db, true);
    auto inv = candidate::writable_invitation(db, who, true, db::Lock::kUpdate);
    if (!inv) return inv.take_error();
    auto target = candidate::open_attempt(db, *inv, attempt_id);
    if (!target) return target.take_error();
    const auto& q = target->question;
    if (q.type == "video" || q.type == "audio") {
      return domain::Error::invalid(q.type, "This " + q.type +
                                                " question is answered with a resumable upload "
                                                "(tus) whose metadata names this attempt.");
    }
    in.video_key.reset();
    in.file.reset();
    if (auto problems = answer_type_problems(q, in); !problems.empty()) {
      return domain::Error::invalid(problems);
    }
    if (!domain::json_answer_in_time(target->attempt, util::unix_now_ms())) {
      return domain::Error::conflict("The time for this answer is over.");
    }
    repos::answers::NewAnswer a;
    a.org_id = who.org_id;
    a.screening_id = inv->screening_id;
    a.question_id = q.id;
    a.text = in.text;
    if (in.choices) a.choices = choices_json(*in.choices);
    a.rating = in.rating;
    auto r = candidate::record_answer(db, *inv, *target, a, util::now_rfc3339());
    if (!r) return r.take_error();
    recorded = std::move(r.value());
    tx.commit();
  }
  storage::remove_quietly(*deps.storage, recorded.replaced_keys);
  return recorded.answer;
}

domain::Result<domain::Invitation> candidate_submit(db::Connection& db,
                                                    const domain::Principal& who) {
  db::Transaction tx(db, true);
  auto inv = candidate::writable_invitation(db, who, true, db::Lock::kUpdate);
  if (!inv) return inv.take_error();
  const std::string now = util::now_rfc3339();
  repos::screenings::submit(db, who.org_id, inv->screening_id, now);
  repos::invitations::mark_completed(db, inv->id, now);
  candidate::record_event(db, *inv, InvitationEventKind::kSubmitted, std::nullopt, std::nullopt,
                          "The candidate submitted the interview.", now);
  candidate::move_step(db, *inv, StepStatus::kInProgress, StepStatus::kCompleted, now);
  auto done = repos::invitations::find(db, who.org_id, inv->id);
  if (auto s = repos::screenings::find(db, who.org_id, inv->screening_id)) {
    webhook_events::screening_submitted(db, *s, webhook_events::actor_of(who), now);
  }
  webhook_events::invitation_event(db, *done, "invitation.completed", now);
  tx.commit();
  return *done;
}

}  // namespace services
