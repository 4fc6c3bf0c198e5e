// Interview modules, steps, their history, and feedback.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/models.hpp"
#include "domain/step_status.hpp"

namespace domain {

inline constexpr std::array<std::string_view, 4> kRecommendations = {"strong_yes", "yes", "no",
                                                                     "strong_no"};

struct ModuleServiceEntry {
  Service service;
  std::int64_t order = 0;
  std::string preferences = "{}";  // a JSON object, as given
};

struct InterviewModule {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string name;
  std::string description;
  std::optional<std::int64_t> job_id;
  std::vector<ModuleServiceEntry> services;  // sorted by order
  bool is_active = true;
  std::optional<std::int64_t> created_by;
  std::string created_at;
  std::optional<std::int64_t> updated_by;
  std::optional<std::string> updated_at;
};

struct InterviewStep {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::int64_t module_id = 0;
  std::int64_t job_id = 0;
  std::int64_t candidate_id = 0;
  Service service;
  std::int64_t order = 0;
  StepStatus status = StepStatus::kPending;
  std::optional<std::string> started_at;
  std::optional<std::string> completed_at;
  std::string created_at;
  std::string updated_at;
  std::optional<std::int64_t> updated_by;
  // The step whose shortlisting created this one (unshortlisting it removes this one
  // while still Pending); nullopt for a step made any other way.
  std::optional<std::int64_t> shortlisting_step_id;
};

struct StepChange {
  std::int64_t id = 0;
  std::int64_t step_id = 0;
  std::optional<StepStatus> from_status;  // nullopt: the step was created
  StepStatus to_status = StepStatus::kPending;
  std::optional<std::int64_t> changed_by;
  std::string changed_at;
};

struct Feedback {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::int64_t job_id = 0;
  std::int64_t candidate_id = 0;
  std::optional<std::int64_t> step_id;
  std::int64_t author_id = 0;
  std::int64_t rating = 0;
  std::string recommendation;
  std::string comments;
  std::string scores = "{}";  // {criterion: 1..5} as JSON
  std::string created_at;
  std::string updated_at;
};

}  // namespace domain
