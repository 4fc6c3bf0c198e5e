// Request rate limits per key (an API token, a client address): at most `limit`
// requests in a one-minute window that starts with a key's first request. Kept
// in memory, so a limit holds per node (docs/operations.md has the arithmetic
// for several nodes behind a balancer). Memory is bounded by `max_keys`.
#pragma once

#include <chrono>
#include <cstddef>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace web {

struct RateDecision {
  bool allowed = true;
  int limit = 0;
  int remaining = 0;
  int reset_seconds = 0;  // until the window ends (Retry-After when refused)
};

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;
  static constexpr std::chrono::seconds kWindow{60};

  // `limit` 0 turns the limiter off.
  explicit RateLimiter(int limit, std::size_t max_keys = 100000)
      : limit_(limit), max_keys_(max_keys) {}
  bool enabled() const { return limit_ > 0; }

  // Counts one request of `key` (unless refused) and says whether it may go on.
  RateDecision take(const std::string& key, Clock::time_point now = Clock::now());
  // The state of `key`'s window, without counting a request.
  RateDecision peek(const std::string& key, Clock::time_point now = Clock::now()) const;
  std::size_t keys() const;

 private:
  struct Window {
    Clock::time_point start;
    int count = 0;
  };
  void make_room(Clock::time_point now);

  int limit_;
  std::size_t max_keys_;
  mutable std::mutex mu_;
  std::unordered_map<std::string, Window> windows_;
};

// The key of a client address: the address itself, or its /64 for IPv6, where
// one client commonly holds a whole /64.
std::string client_key(std::string_view address);

}  // namespace web
