// What services need besides the connection: collaborators wired once in app/.
#pragma once

#include <chrono>

#include "auth/login_throttle.hpp"
#include "auth/password.hpp"

namespace services {

struct Deps {
  const auth::PasswordHasher& hasher;
  auth::LoginThrottle& login_throttle;
  std::chrono::seconds token_lifetime{std::chrono::hours(24 * 30)};
};

}  // namespace services
