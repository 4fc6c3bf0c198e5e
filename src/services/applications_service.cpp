#include "services/applications_service.hpp"

#include "domain/messages.hpp"
#include "repos/candidates_repo.hpp"
#include "repos/jobs_repo.hpp"
#include "util/clock.hpp"

namespace services {

domain::Result<domain::Page<domain::Candidate>> job_candidates(db::Connection& db,
                                                               const domain::Principal& who,
                                                               std::int64_t job_id,
                                                               const domain::PageRequest& page) {
  // Applications prove their job exists; only an empty list needs to ask.
  auto candidates = repos::candidates::list_of_job(db, who.org_id, job_id, page);
  if (candidates.total == 0 && !repos::jobs::find(db, who.org_id, job_id)) {
    return domain::Error::not_found();
  }
  return candidates;
}

domain::Result<domain::Candidate> candidate_apply(db::Connection& db, const domain::Principal& who,
                                                  std::int64_t job_id, std::int64_t candidate_id) {
  db::Transaction tx(db, true);
  // Shared locks: neither row may be deleted before the application refers to it.
  if (!repos::jobs::find(db, who.org_id, job_id, db::Lock::kShare)) {
    return domain::Error::not_found();
  }
  auto candidate = repos::candidates::find(db, who.org_id, candidate_id, db::Lock::kShare);
  if (!candidate) {
    return domain::Error::invalid("candidate_id", domain::messages::invalid_pk(candidate_id));
  }
  auto application =
      repos::candidates::apply(db, who.org_id, job_id, candidate_id, util::now_rfc3339());
  if (!application) {
    return domain::Error::invalid("candidate_id", "Candidate has already applied to this job.");
  }
  tx.commit();
  candidate->application = *application;
  return *candidate;
}

}  // namespace services
