// The demo organization: created once, reused (with a fresh token) afterwards.
#pragma once

#include <string>

#include "db/connection.hpp"
#include "domain/error.hpp"
#include "services/deps.hpp"

namespace app {

inline constexpr const char* kDemoOrganization = "Demo Organization";
inline constexpr const char* kDemoEmail = "demo@example.com";
inline constexpr const char* kDemoPassword = "demo-password";

struct DemoResult {
  bool created = false;
  std::string organization;
  std::string email;
  std::string password;
  std::string token;
};

domain::Result<DemoResult> seed_demo(db::Connection& db, const services::Deps& deps);

}  // namespace app
