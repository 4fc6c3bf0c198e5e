#include "services/screenings_service.hpp"

#include "domain/messages.hpp"
#include "repos/candidates_repo.hpp"
#include "repos/jobs_repo.hpp"
#include "repos/modules_repo.hpp"
#include "repos/question_sets_repo.hpp"
#include "repos/screenings_repo.hpp"
#include "repos/services_repo.hpp"
#include "services/webhook_events.hpp"
#include "util/clock.hpp"

namespace services {

namespace {

using domain::messages::invalid_pk;

}  // namespace

domain::Page<domain::Screening> screenings_list(db::Connection& db, const domain::Principal& who,
                                                const ScreeningFilter& filter,
                                                const domain::PageRequest& page) {
  return repos::screenings::list(db, who.org_id,
                                 {filter.candidate_id, filter.job_id, filter.status}, page);
}

domain::Result<domain::Screening> screening_get(db::Connection& db, const domain::Principal& who,
                                                std::int64_t id) {
  auto s = repos::screenings::find(db, who.org_id, id);
  if (!s) return domain::Error::not_found();
  return *s;
}

domain::Result<domain::Screening> screening_create(db::Connection& db, const domain::Principal& who,
                                                   const ScreeningInput& in) {
  db::Transaction tx(db, true);
  auto screening = screening_insert(db, who, in);
  if (!screening) return screening;
  tx.commit();
  return screening;
}

domain::Result<domain::Screening> screening_insert(db::Connection& db, const domain::Principal& who,
                                                   const ScreeningInput& in) {
  // Every missing object at once, then the relations between them. The rows the
  // screening refers to are locked to share, so that none is deleted under it.
  domain::FieldErrors errors;
  if (!repos::candidates::find(db, who.org_id, in.candidate_id, db::Lock::kShare)) {
    errors["candidate_id"].push_back(invalid_pk(in.candidate_id));
  }
  if (!repos::jobs::find(db, who.org_id, in.job_id, db::Lock::kShare)) {
    errors["job_id"].push_back(invalid_pk(in.job_id));
  }
  auto module = repos::modules::find(db, who.org_id, in.module_id, db::Lock::kShare);
  if (!module) errors["module_id"].push_back(invalid_pk(in.module_id));
  auto service = in.service.id ? repos::services::find(db, who.org_id, *in.service.id)
                               : repos::services::find_by_name(db, who.org_id, *in.service.name);
  if (!service) {
    errors["service"].push_back(in.service.id
                                    ? invalid_pk(*in.service.id)
                                    : "Object with name=" + *in.service.name + " does not exist.");
  }
  if (in.question_set_id &&
      !repos::question_sets::exists(db, who.org_id, *in.question_set_id, db::Lock::kShare)) {
    errors["question_set_id"].push_back(invalid_pk(*in.question_set_id));
  }
  if (!errors.empty()) return domain::Error::invalid(errors);

  if (module->job_id != in.job_id) {
    return domain::Error::invalid("module_id", "The module is not attached to this job.");
  }
  bool in_module = false;
  for (const auto& e : module->services) in_module = in_module || e.service.id == service->id;
  if (!in_module) return domain::Error::invalid("service", "The module has no such service.");
  if (!repos::candidates::find_in_job(db, who.org_id, in.job_id, in.candidate_id)) {
    return domain::Error::invalid("candidate_id", "The candidate has not applied to this job.");
  }
  auto question_set = in.question_set_id;
  if (!question_set) {
    question_set = repos::modules::question_set_of(db, module->id, service->id);
    // Module preferences are checked when written; the set may have gone since.
    if (question_set &&
        !repos::question_sets::exists(db, who.org_id, *question_set, db::Lock::kShare)) {
      question_set.reset();
    }
    if (!question_set)
      return domain::Error::invalid("question_set_id", std::string(domain::messages::kRequired));
  }
  auto screening = repos::screenings::insert(
      db, {who.org_id, in.candidate_id, in.job_id, in.module_id, service->id, *question_set},
      util::now_rfc3339());
  if (!screening) return domain::Error::conflict("An object the screening refers to was deleted.");
  return *screening;
}

domain::Result<domain::Screening> screening_update(db::Connection& db, const domain::Principal& who,
                                                   std::int64_t id,
                                                   std::optional<std::int64_t> question_set_id) {
  db::Transaction tx(db, true);
  // Locked, so that an answer being added (which locks the screening) waits or is seen.
  auto current = repos::screenings::find(db, who.org_id, id, db::Lock::kUpdate);
  if (!current) return domain::Error::not_found();
  if (question_set_id && *question_set_id != current->question_set_id) {
    if (!repos::question_sets::exists(db, who.org_id, *question_set_id, db::Lock::kShare)) {
      return domain::Error::invalid("question_set_id", invalid_pk(*question_set_id));
    }
    if (repos::screenings::has_answers(db, who.org_id, id)) {
      return domain::Error::conflict(
          "The screening has answers; its question set can no longer change.");
    }
    repos::screenings::set_question_set(db, who.org_id, id, *question_set_id);
  }
  auto s = repos::screenings::find(db, who.org_id, id);
  tx.commit();
  return *s;
}

domain::Result<domain::Screening> screening_submit(db::Connection& db, const domain::Principal& who,
                                                   std::int64_t id) {
  db::Transaction tx(db, true);
  auto current = repos::screenings::find(db, who.org_id, id, db::Lock::kUpdate);
  if (!current) return domain::Error::not_found();
  const bool submitting = current->status != domain::ScreeningStatus::kSubmitted;
  const std::string now = util::now_rfc3339();
  if (submitting) repos::screenings::submit(db, who.org_id, id, now);
  auto s = repos::screenings::find(db, who.org_id, id);
  if (submitting) webhook_events::screening_submitted(db, *s, webhook_events::actor_of(who), now);
  tx.commit();
  return *s;
}

domain::Result<std::vector<std::string>> screening_delete(db::Connection& db,
                                                          const domain::Principal& who,
                                                          std::int64_t id) {
  db::Transaction tx(db, true);
  if (!repos::screenings::find(db, who.org_id, id, db::Lock::kUpdate)) {
    return domain::Error::not_found();
  }
  auto keys = repos::screenings::media_keys(db, who.org_id, id);
  repos::screenings::remove(db, who.org_id, id);
  tx.commit();
  return keys;
}

}  // namespace services
