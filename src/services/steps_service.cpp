#include "services/steps_service.hpp"

#include "domain/messages.hpp"
#include "repos/modules_repo.hpp"
#include "repos/services_repo.hpp"
#include "services/related_rows.hpp"
#include "services/webhook_events.hpp"
#include "util/clock.hpp"

namespace services {

using domain::messages::invalid_pk;

domain::Page<domain::InterviewStep> steps_list(db::Connection& db, const domain::Principal& who,
                                               const repos::steps::Filter& filter,
                                               const domain::PageRequest& page) {
  return repos::steps::list(db, who.org_id, filter, page);
}

domain::Result<domain::InterviewStep> step_get(db::Connection& db, const domain::Principal& who,
                                               std::int64_t id) {
  auto s = repos::steps::find(db, who.org_id, id);
  if (!s) return domain::Error::not_found();
  return *s;
}

domain::Result<domain::InterviewStep> step_create(db::Connection& db, const domain::Principal& who,
                                                  const StepInput& in) {
  db::Transaction tx(db, true);
  // Job, candidate and module are locked to share, in the order a job's delete
  // takes them, so that none is deleted before the step is in.
  domain::FieldErrors errors;
  lock_job_and_candidate(db, who, *in.job, *in.candidate, errors);
  auto module = repos::modules::find(db, who.org_id, *in.module, db::Lock::kShare);
  if (!module) errors["module"].push_back(invalid_pk(*in.module));
  if (!repos::services::find(db, who.org_id, *in.service)) {
    errors["service"].push_back(invalid_pk(*in.service));
  }
  if (!errors.empty()) return domain::Error::invalid(errors);
  if (module->job_id != *in.job) {
    return domain::Error::invalid("module", "The module is not attached to this job.");
  }
  std::optional<std::int64_t> module_order;
  for (const auto& e : module->services) {
    if (e.service.id == *in.service) module_order = e.order;
  }
  if (!module_order) return domain::Error::invalid("service", "The module has no such service.");
  if (!repos::steps::lock_application(db, who.org_id, *in.job, *in.candidate)) {
    return domain::Error::invalid("candidate", "The candidate has not applied to this job.");
  }
  const domain::StepStatus status = in.status.value_or(domain::StepStatus::kPending);
  const std::string now = util::now_rfc3339();
  repos::steps::NewStep n{who.org_id,    *in.module,  *in.job,
                          *in.candidate, *in.service, in.order.value_or(*module_order),
                          status,        std::nullopt};
  const auto duplicate = [] {
    return domain::Error::invalid(
        "non_field_errors", "The fields module, job, candidate, service must make a unique set.");
  };
  // A duplicate is named as one before its order (its own) is reported as taken.
  for (const auto& existing : repos::steps::of_candidate(db, *in.module, *in.job, *in.candidate)) {
    if (existing.service.id == *in.service) return duplicate();
  }
  domain::InterviewStep probe;
  probe.module_id = *in.module;
  probe.job_id = *in.job;
  probe.candidate_id = *in.candidate;
  if (repos::steps::order_taken(db, probe, n.order)) {
    return domain::Error::invalid("order",
                                  "Another step of this candidate already has this order.");
  }
  auto id = repos::steps::insert(db, n, who.user_id, now);
  if (!id) return duplicate();
  repos::steps::add_history(db, who.org_id, *id, std::nullopt, status, who.user_id, now);
  auto step = repos::steps::find(db, who.org_id, *id);
  webhook_events::step_status_changed(db, who.org_id, webhook_events::step_ref(*step), std::nullopt,
                                      status, webhook_events::actor_of(who), now);
  tx.commit();
  return *step;
}

domain::Result<domain::InterviewStep> step_change(db::Connection& db, const domain::Principal& who,
                                                  std::int64_t id, const StepInput& in) {
  db::Transaction tx(db, true);
  auto step = repos::steps::find(db, who.org_id, id);
  if (!step) return domain::Error::not_found();
  // The candidate's steps change one request at a time (as in the workflow):
  // the status the history records as "from" and the orders checked stay true.
  repos::steps::lock_application(db, who.org_id, step->job_id, step->candidate_id);
  step = repos::steps::find(db, who.org_id, id);
  if (!step) return domain::Error::not_found();
  const std::string now = util::now_rfc3339();
  if (in.order && *in.order != step->order) {
    if (repos::steps::order_taken(db, *step, *in.order)) {
      return domain::Error::invalid("order",
                                    "Another step of this candidate already has this order.");
    }
    repos::steps::set_order(db, id, *in.order, who.user_id, now);
  }
  if (in.status && *in.status != step->status) {
    repos::steps::set_status(db, id, *in.status, who.user_id, now);
    repos::steps::add_history(db, who.org_id, id, step->status, *in.status, who.user_id, now);
    webhook_events::step_status_changed(db, who.org_id, webhook_events::step_ref(*step),
                                        step->status, *in.status, webhook_events::actor_of(who),
                                        now);
  }
  auto changed = repos::steps::find(db, who.org_id, id);
  tx.commit();
  return *changed;
}

domain::Status step_delete(db::Connection& db, const domain::Principal& who, std::int64_t id) {
  db::Transaction tx(db, true);
  if (!repos::steps::remove(db, who.org_id, id)) return domain::Error::not_found();
  tx.commit();
  return domain::ok();
}

domain::Result<domain::Page<domain::StepChange>> step_history(db::Connection& db,
                                                              const domain::Principal& who,
                                                              std::int64_t id,
                                                              const domain::PageRequest& page) {
  if (!repos::steps::find(db, who.org_id, id)) return domain::Error::not_found();
  return repos::steps::history(db, who.org_id, id, page);
}

}  // namespace services
