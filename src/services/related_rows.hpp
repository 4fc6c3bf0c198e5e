// Checks that the rows a new record refers to exist in the caller's organization,
// locking them to share so that none is deleted before the record is in.
#pragma once

#include <cstdint>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"

namespace services {

// The job, then the candidate (the order a job's delete takes them); each one
// missing adds DRF's "Invalid pk" message under "job" or "candidate" to `errors`.
void lock_job_and_candidate(db::Connection& db, const domain::Principal& who, std::int64_t job_id,
                            std::int64_t candidate_id, domain::FieldErrors& errors);

}  // namespace services
