#include "services/jobs_service.hpp"

#include "repos/jobs_repo.hpp"
#include "repos/steps_repo.hpp"
#include "util/clock.hpp"

namespace services {

domain::Page<domain::Job> jobs_list(db::Connection& db, const domain::Principal& who,
                                    const JobFilter& filter, const domain::PageRequest& page) {
  return repos::jobs::list(db, who.org_id, {filter.status, filter.search}, page);
}

domain::Result<domain::Job> job_get(db::Connection& db, const domain::Principal& who,
                                    std::int64_t id) {
  auto job = repos::jobs::find(db, who.org_id, id);
  if (!job) return domain::Error::not_found();
  return *job;
}

domain::Result<domain::Job> job_create(db::Connection& db, const domain::Principal& who,
                                       const JobInput& in) {
  db::Transaction tx(db, true);
  auto job = repos::jobs::insert(db,
                                 {who.org_id, in.title.value_or(""), in.description.value_or(""),
                                  in.status.value_or(domain::JobStatus::kOpen), who.user_id},
                                 util::now_rfc3339());
  tx.commit();
  return job;
}

domain::Result<domain::Job> job_update(db::Connection& db, const domain::Principal& who,
                                       std::int64_t id, const JobInput& in) {
  db::Transaction tx(db, true);
  // Locked, so that a concurrent delete waits and the row is still there to return.
  if (!repos::jobs::find(db, who.org_id, id, db::Lock::kUpdate)) return domain::Error::not_found();
  repos::jobs::update(db, who.org_id, id, {in.title, in.description, in.status},
                      util::now_rfc3339());
  auto job = repos::jobs::find(db, who.org_id, id);
  tx.commit();
  return *job;
}

domain::Status job_delete(db::Connection& db, const domain::Principal& who, std::int64_t id) {
  db::Transaction tx(db, true);
  if (!repos::jobs::find(db, who.org_id, id, db::Lock::kUpdate)) return domain::Error::not_found();
  if (repos::steps::job_has_steps(db, who.org_id, id)) {
    return domain::Error::conflict("The job has candidates in interview steps.");
  }
  repos::jobs::remove(db, who.org_id, id);
  tx.commit();
  return domain::ok();
}

}  // namespace services
