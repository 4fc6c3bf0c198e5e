// Question sets, their questions, and the rule tying a question's type to its options.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace domain {

inline constexpr std::array<std::string_view, 6> kQuestionTypes = {
    "text", "single_choice", "multiple_choice", "rating", "video", "audio"};
inline constexpr std::size_t kMinOptions = 2;
inline constexpr std::size_t kMaxOptions = 20;

struct QuestionSet {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string name;
  std::string description;
  std::optional<std::int64_t> service_id;
  std::int64_t questions_count = 0;  // not counting deleted questions
  std::optional<std::int64_t> created_by;
  std::string created_at;
};

struct Question {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::int64_t question_set_id = 0;
  std::string text;
  std::string type;
  std::vector<std::string> options;  // distinct, non-empty; only for choice types
  std::int64_t order = 0;
  bool is_required = true;
  std::optional<std::int64_t> time_limit_seconds;
  std::optional<std::int64_t> think_time_seconds;
  std::optional<std::int64_t> max_retakes;
  bool is_deleted = false;
  std::string created_at;
};

bool is_choice_type(std::string_view type);

// What is wrong with `options` for a question of `type` (nullopt: nothing).
// Choice types need 2–20 options; the other types take none. `given` says
// whether the request named the options (or they are the question's own).
std::optional<std::string> options_problem(std::string_view type,
                                           const std::vector<std::string>& options, bool given);

}  // namespace domain
