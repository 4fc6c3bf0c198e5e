// SQL for a candidate's attempts at the questions of their invitation.
#pragma once

#include <map>
#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/invitation.hpp"

namespace repos::attempts {

struct NewAttempt {
  std::int64_t org_id = 0;
  std::int64_t invitation_id = 0;
  std::int64_t question_id = 0;
  std::int64_t number = 0;
  std::int64_t started_ms = 0;
  std::optional<std::int64_t> think_seconds;
  std::optional<std::int64_t> time_limit_seconds;
};
// The new attempt's id, or nullopt when the question has an attempt of that number
// already (decided by the unique index invitation_attempts_number_key).
std::optional<std::int64_t> insert(db::Connection& c, const NewAttempt& a, const std::string& now);
// An attempt of the invitation; nullopt for another invitation's.
std::optional<domain::Attempt> find(db::Connection& c, std::int64_t invitation_id, std::int64_t id);
// How many attempts the question has had in the invitation: attempts are numbered 1, 2,
// ... so this is also the number of the latest.
std::int64_t count(db::Connection& c, std::int64_t invitation_id, std::int64_t question_id);
// Attempts per question of the invitation.
std::map<std::int64_t, std::int64_t> counts(db::Connection& c, std::int64_t invitation_id);
void set_answer(db::Connection& c, std::int64_t id, std::int64_t answer_id);

}  // namespace repos::attempts
