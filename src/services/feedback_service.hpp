// Feedback on a candidate for a job (optionally on one step), and who sees it.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/interview.hpp"

namespace services {

struct FeedbackInput {
  std::optional<std::int64_t> job;
  std::optional<std::int64_t> candidate;
  std::optional<std::int64_t> step;
  std::optional<std::int64_t> rating;
  std::optional<std::string> recommendation;
  std::optional<std::string> comments;
  std::optional<std::string> scores;  // a validated JSON object
};

domain::Result<domain::Feedback> feedback_create(db::Connection& db, const domain::Principal& who,
                                                 const FeedbackInput& in);
// Only the author or an admin may change or delete feedback.
domain::Result<domain::Feedback> feedback_update(db::Connection& db, const domain::Principal& who,
                                                 std::int64_t id, const FeedbackInput& in);
domain::Status feedback_delete(db::Connection& db, const domain::Principal& who, std::int64_t id);
// Newest first; an interviewer sees others' feedback only after writing their own.
domain::Result<domain::Page<domain::Feedback>> feedback_of_candidate(
    db::Connection& db, const domain::Principal& who, std::int64_t job_id,
    std::int64_t candidate_id, const domain::PageRequest& page);

}  // namespace services
