#include "services/related_rows.hpp"

#include "domain/messages.hpp"
#include "repos/candidates_repo.hpp"
#include "repos/jobs_repo.hpp"

namespace services {

void lock_job_and_candidate(db::Connection& db, const domain::Principal& who, std::int64_t job_id,
                            std::int64_t candidate_id, domain::FieldErrors& errors) {
  if (!repos::jobs::find(db, who.org_id, job_id, db::Lock::kShare)) {
    errors["job"].push_back(domain::messages::invalid_pk(job_id));
  }
  if (!repos::candidates::find(db, who.org_id, candidate_id, db::Lock::kShare)) {
    errors["candidate"].push_back(domain::messages::invalid_pk(candidate_id));
  }
}

}  // namespace services
