#include "domain/workflow.hpp"

#include <algorithm>

namespace domain::workflow {

namespace {

const Step* find_step(const std::vector<Step>& steps, std::int64_t service_id) {
  for (const auto& s : steps) {
    if (s.service_id == service_id) return &s;
  }
  return nullptr;
}

const ModuleService* find_service(const std::vector<ModuleService>& module,
                                  std::int64_t service_id) {
  for (const auto& m : module) {
    if (m.service_id == service_id) return &m;
  }
  return nullptr;
}

// The service after `service_id` in module order, if any.
const ModuleService* next_service(const std::vector<ModuleService>& module,
                                  std::int64_t service_id) {
  const ModuleService* current = find_service(module, service_id);
  const ModuleService* best = nullptr;
  if (!current) return nullptr;
  for (const auto& m : module) {
    if (m.order > current->order && (!best || m.order < best->order)) best = &m;
  }
  return best;
}

// Adds a Pending step for the next service unless it already has one; returns
// the service whose step the response should name. `shortlisting`: the step is made
// by the shortlisting of `service_id`, which will undo it.
std::int64_t add_next_step(Plan& plan, const std::vector<ModuleService>& module,
                           const std::vector<Step>& steps, std::int64_t service_id,
                           bool shortlisting) {
  const ModuleService* next = next_service(module, service_id);
  if (!next) return service_id;
  if (!find_step(steps, next->service_id)) {
    plan.changes.push_back({next->service_id, std::nullopt, StepStatus::kPending,
                            shortlisting ? std::optional(service_id) : std::nullopt});
  }
  return next->service_id;
}

Error step_not_found() {
  return Error::not_found("Step not found.");
}

Error not_allowed(StepStatus from, Action action) {
  return Error::conflict("\"" + std::string(action_name(action)) +
                         "\" is not allowed on a step that is " + std::string(to_string(from)) +
                         ".");
}

}  // namespace

std::string_view action_name(Action a) {
  return name_of(kActionNames, a);
}

std::optional<Action> parse_action(std::string_view s) {
  return value_of<Action>(kActionNames, s);
}

const std::vector<Transition>& transitions() {
  using S = StepStatus;
  static const std::vector<Transition> table = {
      {Action::kStart, {S::kPending, S::kOnHold}, S::kInProgress, false},
      {Action::kComplete, {S::kInProgress}, S::kCompleted, true},
      {Action::kSkip, {S::kPending}, S::kSkipped, true},
      {Action::kHold, {S::kPending, S::kInProgress}, S::kOnHold, false},
      {Action::kReopen, {S::kCompleted, S::kSkipped, S::kRejected}, S::kInProgress, false},
  };
  return table;
}

std::string transitions_markdown() {
  std::string out =
      "| action | from | to | sets | next service gets a Pending step |\n"
      "|---|---|---|---|---|\n";
  for (const auto& t : transitions()) {
    std::string from;
    for (auto s : t.from) from += (from.empty() ? "" : ", ") + std::string(to_string(s));
    const char* sets = sets_started_at(t.to)     ? "started_at"
                       : sets_completed_at(t.to) ? "completed_at"
                                                 : "-";
    out += "| " + std::string(action_name(t.action)) + " | " + from + " | " +
           std::string(to_string(t.to)) + " | " + sets + " | " +
           (t.creates_next_step ? "yes" : "no") + " |\n";
  }
  return out;
}

Result<Plan> plan_shortlist(const std::vector<ModuleService>& module,
                            const std::vector<Step>& steps, std::int64_t service_id) {
  if (!find_service(module, service_id)) return Error::not_found("Service not found.");
  Plan plan;
  const Step* step = find_step(steps, service_id);
  if (!step) {
    plan.changes.push_back({service_id, std::nullopt, StepStatus::kShortlisted, std::nullopt});
  } else if (step->status != StepStatus::kShortlisted) {
    plan.changes.push_back({service_id, step->status, StepStatus::kShortlisted, std::nullopt});
  }
  plan.response_service_id = add_next_step(plan, module, steps, service_id, true);
  plan.application_status = ApplicationStatus::kShortlisted;
  return plan;
}

Result<Plan> plan_unshortlist(const std::vector<ModuleService>& module,
                              const std::vector<Step>& steps, std::int64_t service_id,
                              StepStatus to) {
  const ModuleService* service = find_service(module, service_id);
  if (!service) return Error::not_found("Service not found.");
  const Step* step = find_step(steps, service_id);
  if (!step) return step_not_found();
  // A step already back where this request would put it: the request was sent before.
  if (step->status != StepStatus::kShortlisted && step->status != to) {
    return Error::conflict("Only a shortlisted step can be unshortlisted; this one is " +
                           std::string(to_string(step->status)) + ".");
  }
  Plan plan;
  for (const auto& m : module) {
    if (m.order <= service->order) continue;
    const Step* later = find_step(steps, m.service_id);
    if (!later) continue;
    if (later->status != StepStatus::kPending) {
      return Error::conflict("A later step has already started; it cannot be undone.");
    }
    // A Pending step made otherwise (by a recruiter, or by completing a step) stays.
    if (later->created_by_shortlist_of == service_id) plan.removed.push_back(m.service_id);
  }
  if (step->status != to) plan.changes.push_back({service_id, step->status, to, std::nullopt});
  plan.application_status =
      to == StepStatus::kRejected ? ApplicationStatus::kRejected : ApplicationStatus::kApplied;
  plan.response_service_id = service_id;
  return plan;
}

Result<Plan> plan_action(const std::vector<ModuleService>& module, const std::vector<Step>& steps,
                         std::int64_t service_id, Action action,
                         std::optional<std::int64_t> order) {
  if (!find_service(module, service_id)) return Error::not_found("Service not found.");
  const Step* step = find_step(steps, service_id);
  if (!step) return step_not_found();
  const Transition* t = nullptr;
  for (const auto& candidate : transitions()) {
    if (candidate.action == action) t = &candidate;
  }
  Plan plan;
  plan.response_service_id = service_id;
  if (order && *order != step->order) {
    for (const auto& other : steps) {
      if (other.service_id != service_id && other.order == *order) {
        return Error::invalid("order", "Another step of this candidate already has this order.");
      }
    }
    plan.new_order = *order;
  }
  // Sent again after it took effect: nothing more to do.
  if (step->status == t->to) return plan;
  if (std::find(t->from.begin(), t->from.end(), step->status) == t->from.end()) {
    return not_allowed(step->status, action);
  }
  plan.changes.push_back({service_id, step->status, t->to, std::nullopt});
  if (t->creates_next_step) add_next_step(plan, module, steps, service_id, false);
  if (t->to == StepStatus::kInProgress) plan.application_status = ApplicationStatus::kInProcess;
  return plan;
}

Result<Plan> plan_set_status(const std::vector<ModuleService>& module,
                             const std::vector<Step>& steps, std::int64_t service_id,
                             StepStatus to) {
  if (to == StepStatus::kShortlisted) return plan_shortlist(module, steps, service_id);
  if (!find_service(module, service_id)) return Error::not_found("Service not found.");
  const Step* step = find_step(steps, service_id);
  if (!step) return step_not_found();
  Plan plan;
  plan.response_service_id = service_id;
  if (step->status != to) plan.changes.push_back({service_id, step->status, to, std::nullopt});
  if (to == StepStatus::kRejected) plan.application_status = ApplicationStatus::kRejected;
  if (to == StepStatus::kInProgress) plan.application_status = ApplicationStatus::kInProcess;
  return plan;
}

}  // namespace domain::workflow
