// SQL for feedback on candidates.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/interview.hpp"
#include "repos/insert_rows.hpp"

namespace repos::feedback {

// nullopt when the author already gave feedback on the step (or, without a
// step, on the job and candidate): decided by the partial unique indexes.
std::optional<std::int64_t> insert(db::Connection& c, const domain::Feedback& f,
                                   const std::string& now);
// Much feedback in multi-row statements; how many were new.
std::size_t insert_many(db::Connection& c, std::span<const Timed<domain::Feedback>> rows);
std::optional<domain::Feedback> find(db::Connection& c, std::int64_t org_id, std::int64_t id);
void update(db::Connection& c, const domain::Feedback& f, const std::string& now);
void remove(db::Connection& c, std::int64_t org_id, std::int64_t id);
// Newest first. With `only_author`, just that author's.
domain::Page<domain::Feedback> of_candidate(db::Connection& c, std::int64_t org_id,
                                            std::int64_t job_id, std::int64_t candidate_id,
                                            std::optional<std::int64_t> only_author,
                                            const domain::PageRequest& page);
bool has_written(db::Connection& c, std::int64_t org_id, std::int64_t job_id,
                 std::int64_t candidate_id, std::int64_t author_id);

}  // namespace repos::feedback
