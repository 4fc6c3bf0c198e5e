// Candidates of an organization: the people who apply to its jobs.
#pragma once

#include <optional>
#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "services/deps.hpp"

namespace services {

// A candidate body, validated (email already lowercased). Absent fields are left
// as they are on update; on creation the handler has made sure name and email are there.
struct CandidateInput {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> resume_url;
};

struct CandidateFilter {
  std::optional<std::int64_t> job_id;  // applied to this job of the organization
  std::optional<std::string> search;   // in name or email, case-insensitive
};

domain::Page<domain::Candidate> candidates_list(db::Connection& db, const domain::Principal& who,
                                                const CandidateFilter& filter,
                                                const domain::PageRequest& page);
domain::Result<domain::Candidate> candidate_get(db::Connection& db, const domain::Principal& who,
                                                std::int64_t id);
domain::Result<domain::Candidate> candidate_create(db::Connection& db, const domain::Principal& who,
                                                   const CandidateInput& in);
domain::Result<domain::Candidate> candidate_update(db::Connection& db, const domain::Principal& who,
                                                   std::int64_t id, const CandidateInput& in);
// Erases the person irreversibly: the candidate row and, with it, their
// applications. Everything else kept about a candidate is removed here too.
domain::Status candidate_erase(db::Connection& db, const Deps& deps, const domain::Principal& who,
                               std::int64_t id);

}  // namespace services
