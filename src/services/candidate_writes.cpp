#include "services/candidate_writes.hpp"

#include "repos/attempts_repo.hpp"
#include "repos/invitations_repo.hpp"
#include "repos/questions_repo.hpp"
#include "repos/screenings_repo.hpp"
#include "repos/steps_repo.hpp"
#include "services/answers_service.hpp"
#include "services/webhook_events.hpp"

namespace services::candidate {

namespace {

namespace messages = domain::invitation_messages;

// How an answer was given, for the timeline.
std::string answered_with(const repos::answers::NewAnswer& a) {
  if (a.video_key) return "a recording (" + a.media_content_type.value_or("media") + ")";
  if (a.choices) return "choices";
  if (a.rating) return "a rating";
  return "text";
}

}  // namespace

domain::Result<domain::Invitation> writable_invitation(db::Connection& db,
                                                       const domain::Principal& who,
                                                       bool needs_consent, db::Lock lock) {
  auto inv = repos::invitations::find(db, who.org_id, who.invitation_id, lock);
  if (!inv || inv->status == domain::InvitationStatus::kRevoked) {
    return domain::Error::unauthenticated(std::string(messages::kNotValid));
  }
  if (inv->status == domain::InvitationStatus::kCompleted) {
    return domain::Error::conflict(std::string(messages::kSubmitted));
  }
  // A recruiter may have submitted the screening itself.
  auto screening = repos::screenings::find(db, who.org_id, inv->screening_id, lock);
  if (!screening || screening->status == domain::ScreeningStatus::kSubmitted) {
    return domain::Error::conflict(std::string(messages::kSubmitted));
  }
  if (needs_consent && !inv->consent_at) {
    return domain::Error{
        domain::ErrorCode::kForbidden, std::string(messages::kConsentRequired), {}, 0, {}};
  }
  return *inv;
}

domain::Result<OpenAttempt> open_attempt(db::Connection& db, const domain::Invitation& inv,
                                         std::int64_t attempt_id) {
  auto attempt = repos::attempts::find(db, inv.id, attempt_id);
  if (!attempt) return domain::Error::not_found();
  auto question = repos::questions::find(db, inv.org_id, attempt->question_id);
  if (!question)
    return domain::Error::conflict("This question is no longer part of the interview.");
  if (attempt->number != repos::attempts::count(db, inv.id, attempt->question_id)) {
    return domain::Error::conflict(
        "This attempt is not the latest of its question; answer the latest one.");
  }
  if (attempt->answer_id) {
    return domain::Error::conflict(
        "This attempt has its answer already; start another attempt to answer again.");
  }
  return OpenAttempt{*attempt, *question};
}

domain::Result<Recorded> record_answer(db::Connection& db, const domain::Invitation& inv,
                                       const OpenAttempt& target,
                                       const repos::answers::NewAnswer& a, const std::string& now) {
  Recorded out;
  if (auto previous = repos::answers::id_for_question(db, inv.screening_id, target.question.id)) {
    out.replaced_keys = answer_remove(db, inv.org_id, *previous).value_or(out.replaced_keys);
  }
  auto id = repos::answers::insert(db, a, now);
  if (!id)
    return domain::Error::conflict("Another answer to this question was recorded meanwhile.");
  if (a.video_key) answer_media_enqueue(db, inv.org_id, *id, now);
  repos::attempts::set_answer(db, target.attempt.id, *id);
  webhook_events::answer_event(db, inv.org_id, "answer.created", *id,
                               {webhook_events::Actor::Kind::kCandidate, inv.id}, nullptr, now);
  record_event(db, inv, domain::InvitationEventKind::kAnswered, target.question.id,
               target.attempt.id,
               "Attempt " + std::to_string(target.attempt.number) + " answered with " +
                   answered_with(a) + ".",
               now);
  out.answer = *repos::answers::find(db, inv.org_id, *id);
  return out;
}

void move_step(db::Connection& db, const domain::Invitation& inv, domain::StepStatus from,
               domain::StepStatus to, const std::string& now) {
  for (const auto& step :
       repos::steps::of_candidate(db, inv.module_id, inv.job_id, inv.candidate_id)) {
    if (step.service.id != inv.service_id) continue;
    // Locked, and read again: a recruiter's change meanwhile wins.
    auto locked = repos::steps::find(db, inv.org_id, step.id, db::Lock::kUpdate);
    if (!locked || locked->status != from) return;
    repos::steps::set_status(db, step.id, to, std::nullopt, now);
    repos::steps::add_history(db, inv.org_id, step.id, from, to, std::nullopt, now);
    webhook_events::step_status_changed(db, inv.org_id, webhook_events::step_ref(*locked), from, to,
                                        {webhook_events::Actor::Kind::kCandidate, inv.id}, now);
  }
}

void record_event(db::Connection& db, const domain::Invitation& inv,
                  domain::InvitationEventKind kind, std::optional<std::int64_t> question_id,
                  std::optional<std::int64_t> attempt_id, std::string detail,
                  const std::string& now) {
  repos::invitations::add_event(
      db, {inv.org_id, inv.id, kind, question_id, attempt_id, std::move(detail)}, now);
}

}  // namespace services::candidate
