// The demo organization: created once, reused (with a fresh token) afterwards. It shows the
// whole interview module, made through the services as the API would: users of every role,
// jobs with modules, question sets of every question type, candidates at every step
// status, feedback, and a submitted screening with a video answer.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "domain/models.hpp"
#include "services/deps.hpp"

namespace app {

inline constexpr const char* kDemoOrganization = "Demo Organization";
inline constexpr const char* kDemoEmail = "demo@example.com";
inline constexpr const char* kDemoPassword = "demo-password";
// The other demo users share the admin's password.
inline constexpr const char* kDemoRecruiterEmail = "demo-recruiter@example.com";
inline constexpr const char* kDemoInterviewerEmail = "demo-interviewer@example.com";

struct DemoResult {
  bool created = false;
  std::string organization;
  std::string email;
  std::string password;
  std::string token;
  domain::Principal admin;
};

// Creates the organization and its content on first use; `deps.storage` must be open (the
// video answer goes there, its media job queued for a worker).
domain::Result<DemoResult> seed_demo(db::Connection& db, const services::Deps& deps);

// Where to look: API paths (under the server's URL) of the demo's lists and of its video
// answer, and that answer's media status ("ready" once processed; empty without one).
struct DemoTour {
  std::vector<std::string> paths;
  std::string video_status;
};
DemoTour demo_tour(db::Connection& db, const domain::Principal& admin);

// A working link's token to the demo's video interview: the open demo invitation
// reissued, or, once none is open (the last one was taken), a new demo candidate applied
// to the job and invited.
domain::Result<std::string> demo_invitation(db::Connection& db, const domain::Principal& admin);

}  // namespace app
