// What services need besides the connection: collaborators wired once in app/.
#pragma once

#include <chrono>
#include <functional>

#include "auth/login_throttle.hpp"
#include "auth/password.hpp"
#include "storage/storage.hpp"

namespace services {

struct Deps {
  const auth::PasswordHasher& hasher;
  auth::LoginThrottle& login_throttle;
  std::chrono::seconds token_lifetime{std::chrono::hours(24 * 30)};
  storage::Storage* storage = nullptr;           // media files
  std::function<void()> media_job_queued;        // wakes a media worker of this process
  std::chrono::seconds presign_expiry{15 * 60};  // validity of presigned upload URLs
};

}  // namespace services
