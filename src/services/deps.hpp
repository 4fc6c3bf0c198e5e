// What services need besides the connection: collaborators wired once in app/.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <string>

#include "auth/login_throttle.hpp"
#include "auth/password.hpp"
#include "domain/error.hpp"
#include "storage/storage.hpp"

namespace services {

struct Deps {
  const auth::PasswordHasher& hasher;
  auth::LoginThrottle login_throttle{};  // its counts are in the database
  std::chrono::seconds token_lifetime{std::chrono::hours(24 * 30)};
  storage::Storage* storage = nullptr;           // media files
  std::chrono::seconds presign_expiry{15 * 60};  // validity of presigned upload URLs
  // The largest media file an answer may have, however it arrives (--max-upload-bytes).
  std::uint64_t media_limit = 512ULL * 1024 * 1024;
  // Runs a blocking task (a remote store's read for a download) on threads that are not
  // the server's I/O threads. Set with the storage.
  std::function<void(std::function<void()>)> run_blocking = nullptr;
  // The duration of the recording at a local path, measured outside this process
  // (jobs/media_measure.hpp): for the limits enforced while a client waits.
  std::function<domain::Result<double>(const std::string&)> measure_media = nullptr;
  // Webhook endpoints may be on loopback and private addresses (--webhook-allow-private).
  bool webhook_allow_private = false;
};

}  // namespace services
