#include "auth/login_throttle.hpp"

namespace auth {

int LoginThrottle::retry_after(const std::optional<LoginFailures>& recorded,
                               std::int64_t now) const {
  if (!recorded || recorded->failures < max_failures) return 0;
  const std::int64_t until = recorded->first_failure_at + window.count();
  if (now >= until) return 0;
  return static_cast<int>(until - now);
}

}  // namespace auth
