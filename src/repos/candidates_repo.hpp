// SQL for candidates and their applications to jobs.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/models.hpp"
#include "repos/insert_rows.hpp"

namespace repos::candidates {

struct NewCandidate {
  std::int64_t org_id = 0;
  std::string name;
  std::string email;
  std::string phone;
  std::string resume_url;
};

// nullopt when the organization already has a candidate with this email
// (decided by the unique index candidates_org_email_key).
std::optional<domain::Candidate> insert(db::Connection& c, const NewCandidate& n,
                                        const std::string& now);
// Many candidates in multi-row statements; their ids in order. A duplicate email
// is skipped, so fewer ids than candidates means some were already there.
std::vector<std::int64_t> insert_many(db::Connection& c, std::span<const Timed<NewCandidate>> rows);
// `lock`: hold the row until the transaction ends (PostgreSQL), for a write that depends on it.
std::optional<domain::Candidate> find(db::Connection& c, std::int64_t org_id, std::int64_t id,
                                      db::Lock lock = db::Lock::kNone);

struct Filter {
  std::optional<std::int64_t> job_id;  // applied to this job
  std::optional<std::string> search;   // in name or email, case-insensitive
};
domain::Page<domain::Candidate> list(db::Connection& c, std::int64_t org_id, const Filter& f,
                                     const domain::PageRequest& page);

struct Changes {
  std::optional<std::string> name;
  std::optional<std::string> email;
  std::optional<std::string> phone;
  std::optional<std::string> resume_url;
};
// False when the new email is taken by another candidate of the organization
// (the unique index refused it; the caller's transaction must then be abandoned).
bool update(db::Connection& c, std::int64_t org_id, std::int64_t id, const Changes& ch);
// Deletes the candidate row; applications go with it (foreign key cascade).
bool remove(db::Connection& c, std::int64_t org_id, std::int64_t id);

// Applications.

// nullopt when the candidate has already applied to the job (decided by the
// unique index applications_job_candidate_key).
std::optional<domain::Application> apply(db::Connection& c, std::int64_t org_id,
                                         std::int64_t job_id, std::int64_t candidate_id,
                                         const std::string& now);
struct NewApplication {
  std::int64_t org_id = 0;
  std::int64_t job_id = 0;
  std::int64_t candidate_id = 0;
};
// Many applications in multi-row statements; how many were new (not already applied).
std::size_t apply_many(db::Connection& c, std::span<const Timed<NewApplication>> rows);
// One candidate with their application to the job; nullopt when not applied.
std::optional<domain::Candidate> find_in_job(db::Connection& c, std::int64_t org_id,
                                             std::int64_t job_id, std::int64_t candidate_id);
// The candidates applied to a job, each with their application.
domain::Page<domain::Candidate> list_of_job(db::Connection& c, std::int64_t org_id,
                                            std::int64_t job_id, const domain::PageRequest& page);

}  // namespace repos::candidates
