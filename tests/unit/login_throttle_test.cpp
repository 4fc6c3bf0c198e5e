// The login throttle: a limit of failures per email inside a window, with
// explicit time points so that nothing depends on the clock.
#include "auth/login_throttle.hpp"

#include <gtest/gtest.h>

namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;
using Clock = auth::LoginThrottle::Clock;

const Clock::time_point t0 = Clock::time_point{} + std::chrono::hours(1000);

TEST(LoginThrottle, AllowsUntilTheLimitThenAsksToWaitForTheWindow) {
  auth::LoginThrottle throttle(3, seconds(60));
  EXPECT_EQ(throttle.retry_after("a@example.com", t0), 0);
  throttle.record_failure("a@example.com", t0);
  throttle.record_failure("a@example.com", t0 + seconds(1));
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(2)), 0);
  throttle.record_failure("a@example.com", t0 + seconds(2));
  // The window runs from the first failure.
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(2)), 58);
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(30)), 30);
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(59)), 1);
  // Never "0 seconds" while still refused.
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + milliseconds(59900)), 1);
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(60)), 0);
}

TEST(LoginThrottle, AfterTheWindowCountingStartsAgain) {
  auth::LoginThrottle throttle(3, seconds(60));
  for (int i = 0; i < 3; ++i) throttle.record_failure("a@example.com", t0);
  EXPECT_GT(throttle.retry_after("a@example.com", t0), 0);
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(61)), 0);
  throttle.record_failure("a@example.com", t0 + seconds(62));
  throttle.record_failure("a@example.com", t0 + seconds(63));
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(63)), 0);
  throttle.record_failure("a@example.com", t0 + seconds(64));
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(64)), 58);
}

TEST(LoginThrottle, FailuresOutsideOneWindowDoNotAddUp) {
  auth::LoginThrottle throttle(3, seconds(60));
  throttle.record_failure("a@example.com", t0);
  throttle.record_failure("a@example.com", t0 + seconds(30));
  // The first window has passed: this failure starts a new one.
  throttle.record_failure("a@example.com", t0 + seconds(61));
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(61)), 0);
  throttle.record_failure("a@example.com", t0 + seconds(62));
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(62)), 0);
  throttle.record_failure("a@example.com", t0 + seconds(63));
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(63)), 58);
}

TEST(LoginThrottle, SuccessResets) {
  auth::LoginThrottle throttle(3, seconds(60));
  throttle.record_failure("a@example.com", t0);
  throttle.record_failure("a@example.com", t0);
  throttle.record_success("a@example.com");
  throttle.record_failure("a@example.com", t0 + seconds(1));
  throttle.record_failure("a@example.com", t0 + seconds(1));
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(1)), 0);
  throttle.record_failure("a@example.com", t0 + seconds(2));
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(2)), 59);
  throttle.record_success("a@example.com");
  EXPECT_EQ(throttle.retry_after("a@example.com", t0 + seconds(2)), 0);
}

TEST(LoginThrottle, CountsEachEmailOnItsOwn) {
  auth::LoginThrottle throttle(2, seconds(60));
  throttle.record_failure("a@example.com", t0);
  throttle.record_failure("a@example.com", t0);
  throttle.record_failure("b@example.com", t0);
  EXPECT_GT(throttle.retry_after("a@example.com", t0), 0);
  EXPECT_EQ(throttle.retry_after("b@example.com", t0), 0);
  EXPECT_EQ(throttle.retry_after("c@example.com", t0), 0);
  throttle.record_success("b@example.com");
  EXPECT_GT(throttle.retry_after("a@example.com", t0), 0);
}

TEST(LoginThrottle, ManyEmailsArePrunedWithoutForgettingLiveOnes) {
  auth::LoginThrottle throttle(2, seconds(60));
  for (int i = 0; i < 10050; ++i) {
    throttle.record_failure("old" + std::to_string(i) + "@example.com", t0);
  }
  throttle.record_failure("live@example.com", t0 + seconds(100));
  throttle.record_failure("live@example.com", t0 + seconds(100));
  // Past the old entries' window: pruning drops them, the live one stays refused.
  for (int i = 0; i < 5; ++i) {
    throttle.record_failure("new" + std::to_string(i) + "@example.com", t0 + seconds(101));
  }
  EXPECT_GT(throttle.retry_after("live@example.com", t0 + seconds(101)), 0);
  EXPECT_EQ(throttle.retry_after("old1@example.com", t0 + seconds(101)), 0);
}

}  // namespace
