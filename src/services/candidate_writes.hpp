// The steps that the candidate API's writes share (candidate_service.cpp and
// candidate_media.cpp): the checks of the invitation and of an attempt, recording an
// answer in place of the question's previous one, the candidate's step, the timeline.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/answers.hpp"
#include "domain/error.hpp"
#include "domain/invitation.hpp"
#include "domain/models.hpp"
#include "domain/questions.hpp"
#include "domain/step_status.hpp"
#include "repos/answers_repo.hpp"

namespace services::candidate {

// The candidate's invitation once they may write: not revoked (401, as an unknown link),
// not submitted (409), consented when `needs_consent` (403). kUpdate locks it and its
// screening until the transaction ends (every write takes them first); kNone only reads.
domain::Result<domain::Invitation> writable_invitation(db::Connection& db,
                                                       const domain::Principal& who,
                                                       bool needs_consent, db::Lock lock);

// An attempt that may take its answer now, with its question.
struct OpenAttempt {
  domain::Attempt attempt;
  domain::Question question;
};
// 404 for another invitation's attempt; 409 when it is not the latest of its question,
// or has its answer already.
domain::Result<OpenAttempt> open_attempt(db::Connection& db, const domain::Invitation& inv,
                                         std::int64_t attempt_id);

// What recording an answer gave: the answer, and the storage keys of the answer it
// replaced (to remove once the transaction has committed).
struct Recorded {
  domain::Answer answer;
  std::vector<std::string> replaced_keys;
};
// Inside the caller's write transaction: the question's previous answer goes, `a`
// becomes the attempt's answer (its media queued for processing), `answered` goes
// into the timeline.
domain::Result<Recorded> record_answer(db::Connection& db, const domain::Invitation& inv,
                                       const OpenAttempt& target,
                                       const repos::answers::NewAnswer& a, const std::string& now);

// The candidate's step for the invitation's service moves from `from` to `to`, with
// no user as actor, when it exists and is at `from`; recorded in its history.
void move_step(db::Connection& db, const domain::Invitation& inv, domain::StepStatus from,
               domain::StepStatus to, const std::string& now);

void record_event(db::Connection& db, const domain::Invitation& inv,
                  domain::InvitationEventKind kind, std::optional<std::int64_t> question_id,
                  std::optional<std::int64_t> attempt_id, std::string detail,
                  const std::string& now);

}  // namespace services::candidate
