// RFC 3339 timestamps: the same text as strftime gives, over a wide range of times
// (system_clock counts nanoseconds: it reaches from 1678 to 2262).
#include "util/clock.hpp"

#include <gtest/gtest.h>

#include <ctime>
#include <random>

namespace {

std::string reference(std::time_t tt) {
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[48];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

TEST(Clock, FormatsLikeStrftime) {
  using std::chrono::system_clock;
  for (std::time_t tt : {std::time_t{0}, std::time_t{951782400} /* 2000-02-29 */,
                         std::time_t{1798761599} /* 2026-12-31T23:59:59 */, std::time_t{-1},
                         std::time_t{7258118399} /* 2199-12-31T23:59:59 */}) {
    EXPECT_EQ(util::format_rfc3339(system_clock::from_time_t(tt)), reference(tt)) << tt;
  }
  std::mt19937_64 rng(7);
  std::uniform_int_distribution<std::time_t> any(-2208988800, 4102444800);  // 1900..2100
  for (int i = 0; i < 100000; ++i) {
    const std::time_t tt = any(rng);
    ASSERT_EQ(util::format_rfc3339(system_clock::from_time_t(tt)), reference(tt)) << tt;
  }
}

TEST(Clock, DropsFractionsOfASecond) {
  const auto t =
      std::chrono::system_clock::from_time_t(1798761599) + std::chrono::milliseconds(999);
  EXPECT_EQ(util::format_rfc3339(t), "2026-12-31T23:59:59Z");
}

}  // namespace
