#include "services/candidates_service.hpp"

#include "repos/answers_repo.hpp"
#include "repos/candidates_repo.hpp"
#include "storage/storage.hpp"
#include "util/clock.hpp"

namespace services {

namespace {
constexpr const char* kEmailTaken = "A candidate with this email already exists.";
}  // namespace

domain::Page<domain::Candidate> candidates_list(db::Connection& db, const domain::Principal& who,
                                                const CandidateFilter& filter,
                                                const domain::PageRequest& page) {
  return repos::candidates::list(db, who.org_id, {filter.job_id, filter.search}, page);
}

domain::Result<domain::Candidate> candidate_get(db::Connection& db, const domain::Principal& who,
                                                std::int64_t id) {
  auto c = repos::candidates::find(db, who.org_id, id);
  if (!c) return domain::Error::not_found();
  return *c;
}

domain::Result<domain::Candidate> candidate_create(db::Connection& db, const domain::Principal& who,
                                                   const CandidateInput& in) {
  db::Transaction tx(db, true);
  auto c = repos::candidates::insert(db,
                                     {who.org_id, in.name.value_or(""), in.email.value_or(""),
                                      in.phone.value_or(""), in.resume_url.value_or("")},
                                     util::now_rfc3339());
  if (!c) return domain::Error::invalid("email", kEmailTaken);
  tx.commit();
  return *c;
}

domain::Result<domain::Candidate> candidate_update(db::Connection& db, const domain::Principal& who,
                                                   std::int64_t id, const CandidateInput& in) {
  db::Transaction tx(db, true);
  // Locked, so that a concurrent erase waits and the row is still there to return.
  if (!repos::candidates::find(db, who.org_id, id, db::Lock::kUpdate)) {
    return domain::Error::not_found();
  }
  if (!repos::candidates::update(db, who.org_id, id,
                                 {in.name, in.email, in.phone, in.resume_url})) {
    return domain::Error::invalid("email", kEmailTaken);
  }
  auto c = repos::candidates::find(db, who.org_id, id);
  tx.commit();
  return *c;
}

domain::Status candidate_erase(db::Connection& db, const Deps& deps, const domain::Principal& who,
                               std::int64_t id) {
  std::vector<std::string> keys;
  {
    db::Transaction tx(db, true);
    if (!repos::candidates::find(db, who.org_id, id, db::Lock::kUpdate)) {
      return domain::Error::not_found();
    }
    // Applications, steps, feedback, screenings and answers go with the row
    // (foreign key cascades); the answers' files are removed once that is final.
    keys = repos::answers::media_keys_of_candidate(db, who.org_id, id);
    repos::candidates::remove(db, who.org_id, id);
    tx.commit();
  }
  if (deps.storage) storage::remove_quietly(*deps.storage, keys);
  return domain::ok();
}

}  // namespace services
