// The failed-login throttle's rule: after `max_failures` failures for one email
// inside `window` (counted from the first), logins for it wait until the window
// ends (429 with Retry-After). The counts live in the database
// (repos/login_failures_repo), so every node on it answers the same.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace auth {

struct LoginFailures {
  std::int64_t failures = 0;
  std::int64_t first_failure_at = 0;  // Unix seconds
};

struct LoginThrottle {
  int max_failures = 5;
  std::chrono::seconds window{15 * 60};

  // Seconds to wait before the next attempt, or 0 when it is allowed.
  int retry_after(const std::optional<LoginFailures>& recorded, std::int64_t now) const;
  // Failures that began at or before this time are stale: counting starts again.
  std::int64_t stale_before(std::int64_t now) const { return now - window.count(); }
};

}  // namespace auth
