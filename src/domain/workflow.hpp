// The interview workflow's rules as plain functions over plain structs: which
// status an action moves a step to, which steps appear or go, and what happens to
// the application. No HTTP, no SQL: services load the state, ask for a plan, and
// apply it in one transaction.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/error.hpp"
#include "domain/models.hpp"
#include "domain/step_status.hpp"

namespace domain::workflow {

enum class Action { kStart, kComplete, kSkip, kHold, kReopen };
inline constexpr std::array<std::string_view, 5> kActionNames = {"Start", "Complete", "Skip",
                                                                 "Hold", "Reopen"};
std::string_view action_name(Action a);
std::optional<Action> parse_action(std::string_view s);

// One row of the transition table of update-step/. The timestamps the move sets
// follow from `to` (sets_started_at, sets_completed_at).
struct Transition {
  Action action;
  std::vector<StepStatus> from;
  StepStatus to;
  bool creates_next_step;  // the next service of the module gets a Pending step
};
const std::vector<Transition>& transitions();
// The table above in Markdown (docs/workflow.md holds it; a test keeps them equal).
std::string transitions_markdown();

// A service of the module and its order there.
struct ModuleService {
  std::int64_t service_id = 0;
  std::int64_t order = 0;
};

// A candidate's existing step in the module (for one job).
struct Step {
  std::int64_t service_id = 0;
  std::int64_t order = 0;
  StepStatus status = StepStatus::kPending;
  // The service whose shortlisting created this step; nullopt: made another way.
  std::optional<std::int64_t> created_by_shortlist_of;
};

// What to change, for the data layer to apply.
struct Plan {
  struct Change {
    std::int64_t service_id = 0;
    std::optional<StepStatus> from;  // nullopt: the step is created by this plan
    StepStatus to = StepStatus::kPending;
    // For a created step: the service whose shortlisting creates it.
    std::optional<std::int64_t> created_by_shortlist_of;
  };
  std::vector<Change> changes;        // status changes, each recorded in the history
  std::vector<std::int64_t> removed;  // services whose step is deleted
  std::optional<ApplicationStatus> application_status;
  std::optional<std::int64_t> new_order;  // for the target step
  std::int64_t response_service_id = 0;   // whose step id the response names
};

// shortlist-candidate/ (and update-status/ to Shortlisted).
Result<Plan> plan_shortlist(const std::vector<ModuleService>& module,
                            const std::vector<Step>& steps, std::int64_t service_id);
// unshortlist-candidate/: `to` is Pending or Rejected. Of the later steps, those
// that this service's shortlisting created go; any later step that has moved on
// from Pending refuses the request.
Result<Plan> plan_unshortlist(const std::vector<ModuleService>& module,
                              const std::vector<Step>& steps, std::int64_t service_id,
                              StepStatus to);
// update-step/.
Result<Plan> plan_action(const std::vector<ModuleService>& module, const std::vector<Step>& steps,
                         std::int64_t service_id, Action action, std::optional<std::int64_t> order);
// update-status/.
Result<Plan> plan_set_status(const std::vector<ModuleService>& module,
                             const std::vector<Step>& steps, std::int64_t service_id,
                             StepStatus to);

}  // namespace domain::workflow
