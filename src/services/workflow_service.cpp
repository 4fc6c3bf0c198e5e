#include "services/workflow_service.hpp"

#include <functional>
#include <map>

#include "repos/candidates_repo.hpp"
#include "repos/steps_repo.hpp"
#include "repos/workflow_repo.hpp"
#include "services/webhook_events.hpp"
#include "util/clock.hpp"

namespace services {

namespace wf = domain::workflow;

namespace {

struct Resolved {
  std::int64_t service_id = 0;
  std::vector<wf::ModuleService> module;
};

// Checks every precondition in the order API.md gives them; the target's rows are
// read and locked in one batch (repos::workflow::load): candidate, job and module to
// share (none of them is deleted under the steps being written), the application
// for update.
domain::Result<Resolved> resolve(db::Connection& db, const domain::Principal& who,
                                 const WorkflowTarget& t) {
  const auto target = repos::workflow::load(
      db, {who.org_id, t.candidate_id, t.job_id, t.module_id, t.service_id, t.service_name});
  if (!target.candidate) return domain::Error::not_found("Candidate not found.");
  if (!target.job) return domain::Error::not_found("Job not found.");
  if (!target.module) return domain::Error::not_found("Module not found.");
  if (!target.service_id) return domain::Error::not_found("Service not found.");
  if (target.module_job_id != t.job_id) {
    return domain::Error::invalid("module_id", "The module is not attached to this job.");
  }
  Resolved r;
  r.service_id = *target.service_id;
  r.module = target.module_services;
  bool contained = false;
  for (const auto& m : r.module) contained = contained || m.service_id == r.service_id;
  if (!contained) return domain::Error::not_found("Service not found in this module.");
  if (!target.application_status) return domain::Error::not_found("Application not found.");
  return r;
}

// The candidate's steps in the module, read once: applying a plan keeps `ids` current.
struct CandidateSteps {
  std::vector<wf::Step> steps;               // as the rules see them
  std::map<std::int64_t, std::int64_t> ids;  // step id by service

  std::optional<std::int64_t> id_of(std::int64_t service_id) const {
    auto it = ids.find(service_id);
    if (it == ids.end()) return std::nullopt;
    return it->second;
  }
};

CandidateSteps load_steps(db::Connection& db, const WorkflowTarget& t) {
  CandidateSteps out;
  const auto rows = repos::steps::of_candidate(db, t.module_id, t.job_id, t.candidate_id);
  std::map<std::int64_t, std::int64_t> service_of_step;
  for (const auto& s : rows) {
    out.ids[s.service.id] = s.id;
    service_of_step[s.id] = s.service.id;
  }
  for (const auto& s : rows) {
    out.steps.push_back({s.service.id, s.order, s.status, std::nullopt});
    if (!s.shortlisting_step_id) continue;
    auto origin = service_of_step.find(*s.shortlisting_step_id);
    if (origin != service_of_step.end()) out.steps.back().created_by_shortlist_of = origin->second;
  }
  return out;
}

std::int64_t module_order(const Resolved& r, std::int64_t service_id) {
  for (const auto& m : r.module) {
    if (m.service_id == service_id) return m.order;
  }
  return 1;
}

webhook_events::StepRef step_ref(const WorkflowTarget& t, std::int64_t service_id,
                                 std::int64_t step_id) {
  return {step_id, t.candidate_id, t.job_id, t.module_id, service_id};
}

// Writes `plan`, recording every status change in the history and as an event.
void apply(db::Connection& db, const domain::Principal& who, const WorkflowTarget& t,
           const Resolved& r, const wf::Plan& plan, CandidateSteps& current,
           const std::string& now) {
  const auto actor = webhook_events::actor_of(who);
  for (std::int64_t service_id : plan.removed) {
    if (auto id = current.id_of(service_id)) {
      repos::steps::remove(db, who.org_id, *id);
      current.ids.erase(service_id);
    }
  }
  for (const auto& change : plan.changes) {
    if (!change.from) {
      // A shortlisted step comes before the step its shortlisting creates, so it has
      // its id by now.
      repos::steps::NewStep n{who.org_id,
                              t.module_id,
                              t.job_id,
                              t.candidate_id,
                              change.service_id,
                              module_order(r, change.service_id),
                              change.to,
                              change.created_by_shortlist_of
                                  ? current.id_of(*change.created_by_shortlist_of)
                                  : std::nullopt};
      if (auto id = repos::steps::insert(db, n, who.user_id, now)) {
        current.ids[change.service_id] = *id;
        repos::steps::add_history(db, who.org_id, *id, std::nullopt, change.to, who.user_id, now);
        webhook_events::step_status_changed(db, who.org_id, step_ref(t, change.service_id, *id),
                                            std::nullopt, change.to, actor, now);
      }
      continue;
    }
    auto id = current.id_of(change.service_id);
    repos::steps::set_status(db, *id, change.to, who.user_id, now);
    repos::steps::add_history(db, who.org_id, *id, change.from, change.to, who.user_id, now);
    webhook_events::step_status_changed(db, who.org_id, step_ref(t, change.service_id, *id),
                                        change.from, change.to, actor, now);
  }
  if (plan.new_order) {
    repos::steps::set_order(db, *current.id_of(r.service_id), *plan.new_order, who.user_id, now);
  }
  if (plan.application_status) {
    repos::steps::set_application_status(db, who.org_id, t.job_id, t.candidate_id,
                                         *plan.application_status, now);
  }
}

// The event of a shortlisting action, about the step acted on.
struct ShortlistEvent {
  std::string_view type;
  std::optional<domain::StepStatus> status;  // unshortlisting: the status it set
};

// Runs `make_plan` on the candidate's steps and applies the plan.
domain::Result<WorkflowOutcome> run(
    db::Connection& db, const domain::Principal& who, const WorkflowTarget& t,
    const std::function<domain::Result<wf::Plan>(const std::vector<wf::ModuleService>&,
                                                 const std::vector<wf::Step>&, std::int64_t)>&
        make_plan,
    const std::optional<ShortlistEvent>& event = std::nullopt) {
  db::Transaction tx(db, true);
  auto resolved = resolve(db, who, t);
  if (!resolved) return resolved.take_error();
  CandidateSteps current = load_steps(db, t);
  auto plan = make_plan(resolved->module, current.steps, resolved->service_id);
  if (!plan) return plan.take_error();
  const std::string now = util::now_rfc3339();
  apply(db, who, t, *resolved, *plan, current, now);

  WorkflowOutcome out;
  auto acted = current.id_of(resolved->service_id);
  if (event) {
    webhook_events::shortlisting(db, who.org_id, event->type,
                                 step_ref(t, resolved->service_id, acted.value_or(0)),
                                 event->status, webhook_events::actor_of(who), now);
  }
  if (acted) out.step = *repos::steps::find(db, who.org_id, *acted);
  out.step_id = current.id_of(plan->response_service_id).value_or(acted.value_or(0));
  auto candidate = repos::candidates::find_in_job(db, who.org_id, t.job_id, t.candidate_id);
  if (!candidate) return domain::Error::internal();
  out.candidate = *candidate;
  tx.commit();
  return out;
}

}  // namespace

domain::Result<WorkflowOutcome> shortlist_candidate(db::Connection& db,
                                                    const domain::Principal& who,
                                                    const WorkflowTarget& target) {
  return run(
      db, who, target,
      [](const auto& module, const auto& steps, std::int64_t service) {
        return wf::plan_shortlist(module, steps, service);
      },
      ShortlistEvent{"candidate.shortlisted", std::nullopt});
}

domain::Result<WorkflowOutcome> unshortlist_candidate(db::Connection& db,
                                                      const domain::Principal& who,
                                                      const WorkflowTarget& target,
                                                      domain::StepStatus to) {
  return run(
      db, who, target,
      [to](const auto& module, const auto& steps, std::int64_t service) {
        return wf::plan_unshortlist(module, steps, service, to);
      },
      ShortlistEvent{"candidate.unshortlisted", to});
}

domain::Result<WorkflowOutcome> step_update(db::Connection& db, const domain::Principal& who,
                                            const WorkflowTarget& target, wf::Action action,
                                            std::optional<std::int64_t> order) {
  return run(db, who, target,
             [action, order](const auto& module, const auto& steps, std::int64_t service) {
               return wf::plan_action(module, steps, service, action, order);
             });
}

domain::Result<WorkflowOutcome> step_status_set(db::Connection& db, const domain::Principal& who,
                                                const WorkflowTarget& target,
                                                domain::StepStatus to) {
  return run(db, who, target, [to](const auto& module, const auto& steps, std::int64_t service) {
    return wf::plan_set_status(module, steps, service, to);
  });
}

}  // namespace services
