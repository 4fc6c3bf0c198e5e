// The per-node memory of valid tokens: entries end after the ttl or at the token's
// expiry, whichever comes first, the map stays within its capacity, and a suspended
// cache (a node not hearing revocations) keeps nothing.
#include "auth/token_cache.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>

namespace {

using Clock = auth::TokenCache::Clock;
using std::chrono::milliseconds;

domain::Principal principal(std::int64_t user) {
  domain::Principal p;
  p.user_id = user;
  p.org_id = 7;
  p.token_id = 100 + user;
  p.role = domain::Role::kRecruiter;
  return p;
}

constexpr const char* kNow = "2026-12-03T15:00:00Z";
constexpr const char* kLater = "2026-12-04T15:00:00Z";

TEST(TokenCache, RemembersAValidTokenForLessThanTheTtl) {
  auth::TokenCache cache(milliseconds(1000));
  const auto t0 = Clock::now();
  EXPECT_FALSE(cache.find("h1", t0, kNow));
  cache.store("h1", principal(1), kLater, t0);
  auto hit = cache.find("h1", t0 + milliseconds(999), kNow);
  ASSERT_TRUE(hit);
  EXPECT_EQ(hit->user_id, 1);
  EXPECT_EQ(hit->token_id, 101);
  EXPECT_EQ(hit->role, domain::Role::kRecruiter);
  EXPECT_FALSE(cache.find("h1", t0 + milliseconds(1000), kNow));
  // The stale entry is gone, not merely hidden.
  EXPECT_EQ(cache.size(), 0u);
}

TEST(TokenCache, RefusesATokenPastItsExpiry) {
  auth::TokenCache cache(milliseconds(1000));
  const auto t0 = Clock::now();
  cache.store("h1", principal(1), "2026-12-03T15:00:01Z", t0);
  EXPECT_TRUE(cache.find("h1", t0, "2026-12-03T15:00:00Z"));
  EXPECT_FALSE(cache.find("h1", t0, "2026-12-03T15:00:01Z"));
}

TEST(TokenCache, ClearForgetsEveryToken) {
  auth::TokenCache cache;
  const auto t0 = Clock::now();
  cache.store("h1", principal(1), kLater, t0);
  cache.store("h2", principal(2), kLater, t0);
  cache.clear();
  EXPECT_FALSE(cache.find("h1", t0, kNow));
  EXPECT_FALSE(cache.find("h2", t0, kNow));
}

TEST(TokenCache, ASuspendedCacheForgetsAndRemembersNothingUntilResumed) {
  auth::TokenCache cache;
  const auto t0 = Clock::now();
  cache.store("h1", principal(1), kLater, t0);
  cache.suspend();
  EXPECT_FALSE(cache.find("h1", t0, kNow));
  cache.store("h2", principal(2), kLater, t0);  // read while suspended: not kept
  EXPECT_EQ(cache.size(), 0u);
  cache.resume();
  EXPECT_FALSE(cache.find("h1", t0, kNow));
  EXPECT_FALSE(cache.find("h2", t0, kNow));
  cache.store("h3", principal(3), kLater, t0);
  EXPECT_TRUE(cache.find("h3", t0, kNow));
}

TEST(TokenCache, StaysWithinItsCapacity) {
  auth::TokenCache cache(milliseconds(1000), 4);
  const auto t0 = Clock::now();
  for (int i = 0; i < 4; ++i) cache.store("old" + std::to_string(i), principal(i), kLater, t0);
  // Stale entries make room first.
  cache.store("new", principal(9), kLater, t0 + milliseconds(1500));
  EXPECT_EQ(cache.size(), 1u);
  EXPECT_TRUE(cache.find("new", t0 + milliseconds(1500), kNow));
  // Full of live entries: it starts over instead of growing.
  for (int i = 0; i < 10; ++i) {
    cache.store("live" + std::to_string(i), principal(i), kLater, t0 + milliseconds(1500));
    EXPECT_LE(cache.size(), 4u);
  }
}

TEST(TokenCache, AZeroTtlRemembersNothing) {
  auth::TokenCache cache(Clock::duration::zero());
  const auto t0 = Clock::now();
  cache.store("h1", principal(1), kLater, t0);
  EXPECT_FALSE(cache.find("h1", t0, kNow));
  EXPECT_EQ(cache.size(), 0u);
}

// A node that hears of revocations trusts nothing while news is arriving, and one that
// announced a revocation can wait until the announcement came back.
TEST(TokenCache, NewsOnItsWayHidesEntriesAndAClearEndsTheWait) {
  auth::TokenCache cache;
  const auto t0 = Clock::now();
  EXPECT_FALSE(cache.wait_for_clear(cache.clears(), milliseconds(500)));  // hears nothing
  std::atomic<bool> news{false};
  cache.set_news_check([&news] { return news.load(); });
  cache.store("h1", principal(1), kLater, t0);
  EXPECT_TRUE(cache.find("h1", t0, kNow));
  news = true;
  EXPECT_FALSE(cache.find("h1", t0, kNow));
  news = false;
  EXPECT_TRUE(cache.find("h1", t0, kNow));

  const auto seen = cache.clears();
  std::thread announcement([&cache] {
    std::this_thread::sleep_for(milliseconds(50));
    cache.clear();
  });
  EXPECT_TRUE(cache.wait_for_clear(seen, std::chrono::seconds(30)));
  announcement.join();
  EXPECT_FALSE(cache.find("h1", t0, kNow));
  EXPECT_FALSE(cache.wait_for_clear(cache.clears(), milliseconds(10)));  // no clear: times out
  cache.suspend();
  EXPECT_FALSE(cache.wait_for_clear(cache.clears(), std::chrono::seconds(30)));  // at once
}

}  // namespace
