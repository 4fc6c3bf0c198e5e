#include "auth/login_throttle.hpp"

namespace auth {

namespace {
constexpr std::size_t kPruneAbove = 10000;
}

int LoginThrottle::retry_after(const std::string& email, Clock::time_point now) {
  std::lock_guard lock(mu_);
  auto it = entries_.find(email);
  if (it == entries_.end()) return 0;
  const auto until = it->second.first_failure + window_;
  if (now >= until) {
    entries_.erase(it);
    return 0;
  }
  if (it->second.failures < max_failures_) return 0;
  auto left = std::chrono::duration_cast<std::chrono::seconds>(until - now).count();
  return static_cast<int>(left < 1 ? 1 : left);
}

void LoginThrottle::record_failure(const std::string& email, Clock::time_point now) {
  std::lock_guard lock(mu_);
  if (entries_.size() > kPruneAbove) prune(now);
  auto& e = entries_[email];
  if (e.failures == 0 || now >= e.first_failure + window_) {
    e.failures = 0;
    e.first_failure = now;
  }
  ++e.failures;
}

void LoginThrottle::record_success(const std::string& email) {
  std::lock_guard lock(mu_);
  entries_.erase(email);
}

void LoginThrottle::prune(Clock::time_point now) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    it = now >= it->second.first_failure + window_ ? entries_.erase(it) : std::next(it);
  }
}

}  // namespace auth
