// Request ids: 16 lowercase hex digits, no repeats, different per connection.
#include "http/request_ids.hpp"

#include <gtest/gtest.h>

#include <string>
#include <unordered_set>

namespace {

TEST(RequestIds, AreSixteenHexDigits) {
  web::RequestIds ids;
  for (int i = 0; i < 1000; ++i) {
    const std::string id = ids.next();
    ASSERT_EQ(id.size(), 16u);
    EXPECT_EQ(id.find_first_not_of("0123456789abcdef"), std::string::npos) << id;
  }
}

TEST(RequestIds, DoNotRepeat) {
  web::RequestIds ids(0);
  std::unordered_set<std::string> seen;
  for (int i = 0; i < 200000; ++i) ASSERT_TRUE(seen.insert(ids.next()).second) << i;
}

TEST(RequestIds, EachGeneratorStartsElsewhere) {
  web::RequestIds a, b;
  EXPECT_NE(a.next(), b.next());
  web::RequestIds c(42), d(42);
  EXPECT_EQ(c.next(), d.next());
}

}  // namespace
