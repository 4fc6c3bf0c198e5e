// The candidate API: a candidate holding an invitation's link authenticates with it,
// reads their session, gives consent, starts attempts at questions within the limits
// (think time, time limit, retakes, widened by the accommodations), answers them and
// submits. Every write is one transaction with its timeline event. Media answers come
// through resumable uploads (services/candidate_media.hpp).
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
#include "services/answers_service.hpp"
#include "services/deps.hpp"

namespace services {

// The principal of an `Authorization: Invitation <token>` header: 401 for an unknown or
// revoked link, another 401 for an expired one. A completed invitation still
// authenticates (its session shows it is done; every write answers 409).
domain::Result<domain::Principal> candidate_authenticate(db::Connection& db,
                                                         const std::string& header);

struct SessionQuestion {
  domain::Question question;
  std::int64_t position = 0;  // 1, 2, ... in the order the candidate sees them
  domain::Limits limits;      // accommodations included
  std::int64_t attempts_used = 0;
  bool answered = false;
};

struct CandidateSession {
  std::string organization_name;
  std::string job_title;
  std::string job_description;
  domain::InvitationStatus status = domain::InvitationStatus::kOpened;
  std::string expires_at;
  bool consent_required = true;
  std::vector<SessionQuestion> questions;
};

// The first call marks the invitation opened (and moves the candidate's Pending step
// to In Progress).
domain::Result<CandidateSession> candidate_session(db::Connection& db,
                                                   const domain::Principal& who);
// Records consent (time and client address) once; the time it was given.
domain::Result<std::string> candidate_consent(db::Connection& db, const domain::Principal& who,
                                              const std::string& address);
// A new attempt at the question; 404 for a question the invitation does not ask, 409
// past the allowance.
domain::Result<domain::Attempt> candidate_attempt_start(db::Connection& db,
                                                        const domain::Principal& who,
                                                        std::int64_t question_id);
// A JSON answer (text, choices or rating) to the attempt, replacing the question's
// previous answer. The ids of `in` are ignored: the attempt names the question.
domain::Result<domain::Answer> candidate_answer(db::Connection& db, const Deps& deps,
                                                const domain::Principal& who,
                                                std::int64_t attempt_id, AnswerInput in);
// Closes the screening and completes the invitation (and the candidate's In Progress
// step); the invitation as it is then.
domain::Result<domain::Invitation> candidate_submit(db::Connection& db,
                                                    const domain::Principal& who);

}  // namespace services
