// The failed-login throttle's rule, with explicit times so that nothing depends
// on the clock. The counting itself is in the database (tests/e2e/auth_test.cpp).
#include "auth/login_throttle.hpp"

#include <gtest/gtest.h>

namespace {

constexpr std::int64_t t0 = 1'800'000'000;

TEST(LoginThrottle, AllowsUntilTheLimitThenAsksToWaitForTheWindow) {
  const auth::LoginThrottle throttle{3, std::chrono::seconds(60)};
  EXPECT_EQ(throttle.retry_after(std::nullopt, t0), 0);
  EXPECT_EQ(throttle.retry_after(auth::LoginFailures{2, t0}, t0 + 2), 0);
  // The window runs from the first failure.
  EXPECT_EQ(throttle.retry_after(auth::LoginFailures{3, t0}, t0 + 2), 58);
  EXPECT_EQ(throttle.retry_after(auth::LoginFailures{3, t0}, t0 + 30), 30);
  EXPECT_EQ(throttle.retry_after(auth::LoginFailures{9, t0}, t0 + 59), 1);
  EXPECT_EQ(throttle.retry_after(auth::LoginFailures{3, t0}, t0 + 60), 0);
}

TEST(LoginThrottle, FailuresAtOrBeforeTheWindowStartAreStale) {
  const auth::LoginThrottle throttle{3, std::chrono::seconds(60)};
  EXPECT_EQ(throttle.stale_before(t0 + 60), t0);
}

}  // namespace
