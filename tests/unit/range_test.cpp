// The Range header: one satisfiable "bytes=" range, the whole object for what is
// ignored, and a 416 naming the object's size for what cannot be satisfied.
#include "http/range.hpp"

#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "http/error_response.hpp"

namespace {

std::optional<web::ByteRange> range_of(std::string_view header, std::uint64_t size) {
  auto r = web::parse_range(header, size);
  if (!r.ok()) throw std::runtime_error("unsatisfiable: " + std::string(header));
  return *r;
}

TEST(Range, OneRangeOfBytes) {
  auto r = range_of("bytes=10-109", 1000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 10u);
  EXPECT_EQ(r->length, 100u);
  r = range_of("bytes=990-", 1000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 990u);
  EXPECT_EQ(r->length, 10u);
  r = range_of("bytes=-50", 1000);
  ASSERT_TRUE(r);
  EXPECT_EQ(r->offset, 950u);
  EXPECT_EQ(r->length, 50u);
  r = range_of("bytes=900-5000", 1000);  // cut at the end
  ASSERT_TRUE(r);
  EXPECT_EQ(r->length, 100u);
}

TEST(Range, WhatIsIgnoredServesTheWholeObject) {
  for (const char* h : {"items=1-2", "bytes=1-2,5-6", "bytes=5", "bytes=-", "bytes=9-3"}) {
    EXPECT_FALSE(range_of(h, 1000)) << h;
  }
}

TEST(Range, UnsatisfiableIsA416NamingTheSize) {
  for (const char* h : {"bytes=1000-", "bytes=2000-3000", "bytes=-0"}) {
    auto r = web::parse_range(h, 1000);
    ASSERT_FALSE(r.ok()) << h;
    EXPECT_EQ(r.error().code, domain::ErrorCode::kRangeNotSatisfiable) << h;
    auto res = web::error_response(r.error(), "rid");
    EXPECT_EQ(res.status, 416u) << h;
    ASSERT_EQ(res.headers.size(), 1u) << h;
    EXPECT_EQ(res.headers[0].first, "Content-Range");
    EXPECT_EQ(res.headers[0].second, "bytes */1000");
  }
  EXPECT_FALSE(web::parse_range("bytes=-5", 0).ok());
}

}  // namespace
