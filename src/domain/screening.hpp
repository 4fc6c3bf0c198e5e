// A screening: one candidate's answer set for one service of a module, on the
// questions of one question set.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "domain/enum_names.hpp"

namespace domain {

// Open to answers until submitted.
enum class ScreeningStatus { kInProgress, kSubmitted };
inline constexpr std::array<std::string_view, 2> kScreeningStatuses = {"in_progress", "submitted"};
constexpr std::string_view to_string(ScreeningStatus s) {
  return name_of(kScreeningStatuses, s);
}
constexpr std::optional<ScreeningStatus> parse_screening_status(std::string_view s) {
  return value_of<ScreeningStatus>(kScreeningStatuses, s);
}

struct Screening {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::int64_t candidate_id = 0;
  std::int64_t job_id = 0;
  std::int64_t module_id = 0;
  std::int64_t service_id = 0;
  std::int64_t question_set_id = 0;
  ScreeningStatus status = ScreeningStatus::kInProgress;
  std::string created_at;
  std::optional<std::string> submitted_at;
};

}  // namespace domain
