// Rate limits per key in one-minute windows, with explicit time points.
#include "http/rate_limiter.hpp"

#include <gtest/gtest.h>

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
const web::RateLimiter::Clock::time_point t0 =
    web::RateLimiter::Clock::time_point{} + std::chrono::hours(1000);

TEST(RateLimiter, CountsDownThenRefusesUntilTheWindowEnds) {
  web::RateLimiter limiter(3);
  auto a = limiter.take("k", t0);
  EXPECT_TRUE(a.allowed);
  EXPECT_EQ(a.limit, 3);
  EXPECT_EQ(a.remaining, 2);
  EXPECT_EQ(a.reset_seconds, 60);
  EXPECT_EQ(limiter.take("k", t0 + seconds(10)).remaining, 1);
  auto last = limiter.take("k", t0 + milliseconds(20500));
  EXPECT_TRUE(last.allowed);
  EXPECT_EQ(last.remaining, 0);
  EXPECT_EQ(last.reset_seconds, 40);  // rounded up: never "0 seconds" while refused
  auto refused = limiter.take("k", t0 + seconds(59));
  EXPECT_FALSE(refused.allowed);
  EXPECT_EQ(refused.reset_seconds, 1);
  // Another key has its own window.
  EXPECT_TRUE(limiter.take("other", t0 + seconds(59)).allowed);
  // A new window at its end.
  auto next = limiter.take("k", t0 + seconds(60));
  EXPECT_TRUE(next.allowed);
  EXPECT_EQ(next.remaining, 2);
}

TEST(RateLimiter, RefusedRequestsDoNotExtendTheWindow) {
  web::RateLimiter limiter(1);
  EXPECT_TRUE(limiter.take("k", t0).allowed);
  for (int i = 1; i < 60; ++i) EXPECT_FALSE(limiter.take("k", t0 + seconds(i)).allowed);
  EXPECT_TRUE(limiter.take("k", t0 + seconds(60)).allowed);
}

TEST(RateLimiter, MemoryIsBoundedByTheNumberOfKeys) {
  web::RateLimiter limiter(5, 100);
  for (int i = 0; i < 10000; ++i) limiter.take("key" + std::to_string(i), t0);
  EXPECT_LE(limiter.keys(), 100u);
  // Expired windows make room first.
  for (int i = 0; i < 50; ++i) limiter.take("late" + std::to_string(i), t0 + seconds(61));
  EXPECT_LE(limiter.keys(), 100u);
}

TEST(RateLimiter, ClientKeysGroupAnIpv6Slash64) {
  EXPECT_EQ(web::client_key("203.0.113.7"), "203.0.113.7");
  EXPECT_EQ(web::client_key("2001:db8:1:2:aaaa::1"), "2001:db8:1:2::/64");
  EXPECT_EQ(web::client_key("2001:db8:1:2:bbbb::9"), "2001:db8:1:2::/64");
  EXPECT_EQ(web::client_key("::ffff:198.51.100.2"), "198.51.100.2");
  EXPECT_EQ(web::client_key("not an address"), "not an address");
}

}  // namespace

namespace {

TEST(RateLimiter, PeekReportsWithoutCounting) {
  web::RateLimiter limiter(2);
  auto fresh = limiter.peek("k", t0);
  EXPECT_EQ(fresh.remaining, 2);
  EXPECT_EQ(fresh.reset_seconds, 60);
  EXPECT_EQ(limiter.keys(), 0u);
  limiter.take("k", t0);
  auto after = limiter.peek("k", t0 + seconds(15));
  EXPECT_EQ(after.remaining, 1);
  EXPECT_EQ(after.reset_seconds, 45);
  EXPECT_EQ(limiter.take("k", t0 + seconds(16)).remaining, 0);
}

}  // namespace
