// Candidates applying to jobs, and the candidates of a job.
#pragma once

#include <cstdint>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"

namespace services {

// The candidates applied to a job, each with their application; 404 when the
// job is not the organization's.
domain::Result<domain::Page<domain::Candidate>> job_candidates(db::Connection& db,
                                                               const domain::Principal& who,
                                                               std::int64_t job_id,
                                                               const domain::PageRequest& page);
// Applies a candidate of the organization to a job: the candidate with the new
// application. The unique index decides between concurrent applications.
domain::Result<domain::Candidate> candidate_apply(db::Connection& db, const domain::Principal& who,
                                                  std::int64_t job_id, std::int64_t candidate_id);

}  // namespace services
