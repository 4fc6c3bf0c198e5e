// The entities of the service as plain structs, and their enumerations.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/enum_names.hpp"

namespace domain {

enum class Role { kAdmin, kRecruiter, kInterviewer };

inline constexpr std::array<std::string_view, 3> kRoleNames = {"admin", "recruiter", "interviewer"};
inline constexpr std::array<std::string_view, 6> kServiceKinds = {
    "resume_screening", "questionnaire",  "personality",
    "video_interview",  "live_interview", "assessment"};

std::string_view role_name(Role r);
std::optional<Role> parse_role(std::string_view s);

// A job opening's status.
enum class JobStatus { kOpen, kClosed };
inline constexpr std::array<std::string_view, 2> kJobStatuses = {"open", "closed"};
constexpr std::string_view to_string(JobStatus s) {
  return name_of(kJobStatuses, s);
}
constexpr std::optional<JobStatus> parse_job_status(std::string_view s) {
  return value_of<JobStatus>(kJobStatuses, s);
}

// Where a candidate's application to a job stands.
enum class ApplicationStatus { kApplied, kShortlisted, kInProcess, kRejected, kHired, kWithdrawn };
inline constexpr std::array<std::string_view, 6> kApplicationStatuses = {
    "applied", "shortlisted", "in_process", "rejected", "hired", "withdrawn"};
constexpr std::string_view to_string(ApplicationStatus s) {
  return name_of(kApplicationStatuses, s);
}
constexpr std::optional<ApplicationStatus> parse_application_status(std::string_view s) {
  return value_of<ApplicationStatus>(kApplicationStatuses, s);
}

// Who is making a request, from their token.
struct Principal {
  std::int64_t user_id = 0;
  std::int64_t org_id = 0;
  std::int64_t token_id = 0;
  Role role = Role::kInterviewer;
  // Non-zero for a candidate, who holds an invitation's token instead of a user's.
  std::int64_t invitation_id = 0;
};

struct Organization {
  std::int64_t id = 0;
  std::string name;
  std::string created_at;
};

struct User {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string email;
  std::string name;
  Role role = Role::kInterviewer;
  bool is_active = true;
  std::string created_at;
};

struct Job {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string title;
  std::string description;
  JobStatus status = JobStatus::kOpen;
  std::optional<std::int64_t> created_by;
  std::string created_at;
  std::string updated_at;
};

struct Application {
  std::int64_t job_id = 0;
  ApplicationStatus status = ApplicationStatus::kApplied;
  std::string created_at;
};

struct Candidate {
  std::int64_t id = 0;
  std::int64_t org_id = 0;
  std::string name;
  std::string email;
  std::string phone;
  std::string resume_url;
  std::string created_at;
  std::optional<Application> application;  // set in a job's context
};

struct Service {
  std::int64_t id = 0;
  std::optional<std::int64_t> org_id;  // none for built-ins
  std::string name;
  std::string kind;
  std::string description;
  bool is_builtin = false;
};

// One page of a list and the total count across pages.
template <class T>
struct Page {
  std::vector<T> items;
  std::int64_t total = 0;
};

struct PageRequest {
  std::int64_t limit = 100;
  std::int64_t offset = 0;
};

}  // namespace domain
