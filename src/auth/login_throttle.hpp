// Refuses logins for an email after repeated failures (429 with Retry-After).
// The count is per node: behind a load balancer each node counts on its own.
#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace auth {

class LoginThrottle {
 public:
  using Clock = std::chrono::steady_clock;

  LoginThrottle(int max_failures, std::chrono::seconds window)
      : max_failures_(max_failures), window_(window) {}

  // Seconds to wait before the next attempt for `email`, or 0 when allowed.
  int retry_after(const std::string& email, Clock::time_point now = Clock::now());
  void record_failure(const std::string& email, Clock::time_point now = Clock::now());
  void record_success(const std::string& email);

 private:
  struct Entry {
    int failures = 0;
    Clock::time_point first_failure;
  };
  void prune(Clock::time_point now);

  int max_failures_;
  std::chrono::seconds window_;
  std::mutex mu_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace auth
