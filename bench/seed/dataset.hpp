// The shape of the benchmark dataset: how many rows of each kind an organization
// gets, when each happened, which candidates have steps, screenings and answers; and
// the ids the seeder learns while writing them, which the JSON document reports.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "domain/models.hpp"

namespace bench_seed {

inline constexpr int kJobs = 50;
inline constexpr int kQuestionSets = 10;
inline constexpr int kQuestionsPerSet = 10;
inline constexpr int kTextQuestions = 6;  // questions 1-6 of every set
inline constexpr int kModules = 20;       // module m is attached to job m
inline constexpr int kPanel = 5;          // interviewers besides the one with a token
inline constexpr int kUsers = 3 + kPanel;
inline constexpr std::int64_t kCandidatesPerScale = 2000;
inline constexpr std::int64_t kFeedbackPerCandidate = 5;
inline constexpr std::int64_t kAnswersPerScale = 5000;
// Per organization, whatever the scale: 6 text questions each, 180,000 answers to
// write in all, more than a 10-second run of POST answers/ sends.
inline constexpr std::int64_t kOpenScreenings = 6000;

inline constexpr std::int64_t kMinute = 60;
inline constexpr std::int64_t kHour = 3600;
inline constexpr std::int64_t kDay = 86400;

// 2026-01-01T00:00:00Z plus `seconds`, in the schema's RFC 3339 form
// (util::format_rfc3339 writes the same, at a cost that shows over millions of rows).
std::string at(std::int64_t seconds);

// When the rows of an organization's setup (users, jobs, ...) and of a
// candidate's story (applied, screened, shortlisted, reviewed) happened.
inline std::int64_t setup_time(int org, std::int64_t offset) {
  return org * 10 * kMinute + offset;
}
inline std::int64_t candidate_time(std::int64_t i) {
  return kDay + i;
}

// Candidate i of an organization applied to job i mod 50; the jobs with a module
// are the first 20, and a third of their candidates are shortlisted.
inline int job_index(std::int64_t i) {
  return static_cast<int>(i % kJobs);
}
inline bool has_module(std::int64_t i) {
  return job_index(i) < kModules;
}
inline bool shortlisted(std::int64_t i) {
  return has_module(i) && i % 3 == 0;
}

struct ModulePlan {
  std::int64_t id = 0;
  std::int64_t job = 0;
  std::vector<std::string> names;          // by position
  std::vector<std::int64_t> services;      // by position
  std::vector<std::int64_t> question_set;  // by position; 0 for resume screening
};

struct Org {
  int number = 0;  // 1, 2, ...
  domain::Organization organization;
  std::vector<domain::User> users;  // admin, recruiter, interviewer, the panel
  std::array<std::string, 3> tokens;
  std::vector<std::int64_t> jobs;
  std::vector<std::int64_t> question_sets;
  std::vector<std::int64_t> questions;  // set s, position p: [s * 10 + p - 1]
  std::vector<ModulePlan> modules;
  std::vector<std::int64_t> candidates;
  std::vector<std::int64_t> first_step;   // per candidate, 0 without steps
  std::vector<std::int64_t> with_module;  // indexes of the candidates of jobs with a module
  std::vector<std::int64_t> answered;     // candidate indexes with submitted answers
  struct Open {
    std::int64_t id = 0;
    std::int64_t question_set = 0;
  };
  std::vector<Open> open_screenings;

  std::int64_t admin() const { return users[0].id; }
  std::int64_t recruiter() const { return users[1].id; }
  const ModulePlan& module_of(std::int64_t i) const {
    return modules[static_cast<std::size_t>(job_index(i))];
  }
  // Question q (0-based) of the question set `set_id`.
  std::int64_t text_question(std::int64_t set_id, int q) const;
};

}  // namespace bench_seed
