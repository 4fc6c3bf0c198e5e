// The status of a candidate's interview step, its words, and the timestamps that a
// move into each status sets: the one rule for every way a step changes (the
// workflow's actions and status changes, and the steps resource itself).
#pragma once

#include <array>
#include <optional>
#include <string_view>

#include "domain/enum_names.hpp"

namespace domain {

enum class StepStatus {
  kPending,
  kInProgress,
  kCompleted,
  kShortlisted,
  kRejected,
  kOnHold,
  kSkipped
};
inline constexpr std::array<std::string_view, 7> kStepStatusNames = {
    "Pending", "In Progress", "Completed", "Shortlisted", "Rejected", "On Hold", "Skipped"};

constexpr std::string_view to_string(StepStatus s) {
  return name_of(kStepStatusNames, s);
}
constexpr std::optional<StepStatus> parse_step_status(std::string_view s) {
  return value_of<StepStatus>(kStepStatusNames, s);
}

// started_at is when the step last went into In Progress; completed_at when it last
// reached an outcome.
inline bool sets_started_at(StepStatus to) {
  return to == StepStatus::kInProgress;
}
inline bool sets_completed_at(StepStatus to) {
  return to == StepStatus::kCompleted || to == StepStatus::kShortlisted ||
         to == StepStatus::kRejected || to == StepStatus::kSkipped;
}

}  // namespace domain
