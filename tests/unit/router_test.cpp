// The router: literal and typed segments, trailing slashes, 404 versus 405.
#include "http/router.hpp"

#include <gtest/gtest.h>

namespace {

web::Router<int> make_router() {
  web::Router<int> r;
  r.add("GET", "/api/v1/jobs/", 1);
  r.add("POST", "/api/v1/jobs/", 2);
  r.add("GET", "/api/v1/jobs/{int}/", 3);
  r.add("GET", "/api/v1/interview/interview-module/{int}/service/{str}/steps/", 4);
  return r;
}

TEST(Router, MatchesLiteralPathWithAndWithoutTrailingSlash) {
  auto r = make_router();
  ASSERT_NE(r.match("GET", "/api/v1/jobs/").target, nullptr);
  EXPECT_EQ(*r.match("GET", "/api/v1/jobs/").target, 1);
  ASSERT_NE(r.match("GET", "/api/v1/jobs").target, nullptr);
  EXPECT_EQ(*r.match("GET", "/api/v1/jobs").target, 1);
}

TEST(Router, TypedIntegerParameter) {
  auto r = make_router();
  auto m = r.match("GET", "/api/v1/jobs/42/");
  ASSERT_NE(m.target, nullptr);
  EXPECT_EQ(*m.target, 3);
  EXPECT_EQ(std::get<std::int64_t>(m.params.at(0)), 42);
}

TEST(Router, RejectsIdsThatAreNotPositive64BitIntegers) {
  auto r = make_router();
  for (const char* bad : {"/api/v1/jobs/abc/", "/api/v1/jobs/-1/", "/api/v1/jobs/0/",
                          "/api/v1/jobs/1.5/", "/api/v1/jobs/9223372036854775808/",
                          "/api/v1/jobs/99999999999999999999/", "/api/v1/jobs/+5/"}) {
    auto m = r.match("GET", bad);
    EXPECT_EQ(m.target, nullptr) << bad;
    EXPECT_TRUE(m.allowed.empty()) << bad;
  }
  EXPECT_NE(r.match("GET", "/api/v1/jobs/9223372036854775807/").target, nullptr);
}

TEST(Router, DecodesStringParameters) {
  auto r = make_router();
  auto m = r.match("GET", "/api/v1/interview/interview-module/7/service/Resume%20Screening/steps/");
  ASSERT_NE(m.target, nullptr);
  EXPECT_EQ(std::get<std::string>(m.params.at(1)), "Resume Screening");
  // An encoded slash stays inside the segment.
  m = r.match("GET", "/api/v1/interview/interview-module/7/service/a%2Fb/steps");
  ASSERT_NE(m.target, nullptr);
  EXPECT_EQ(std::get<std::string>(m.params.at(1)), "a/b");
  // Bad escapes and invalid UTF-8 do not match.
  EXPECT_EQ(r.match("GET", "/api/v1/interview/interview-module/7/service/%zz/steps/").target,
            nullptr);
  EXPECT_EQ(r.match("GET", "/api/v1/interview/interview-module/7/service/%ff/steps/").target,
            nullptr);
}

TEST(Router, ReportsAllowedMethodsWhenOnlyTheMethodIsWrong) {
  auto r = make_router();
  auto m = r.match("DELETE", "/api/v1/jobs/");
  EXPECT_EQ(m.target, nullptr);
  EXPECT_EQ(m.allowed, (std::vector<std::string>{"GET", "POST"}));
}

TEST(Router, UnknownPathHasNoAllowedMethods) {
  auto r = make_router();
  auto m = r.match("GET", "/api/v1/nothing/");
  EXPECT_EQ(m.target, nullptr);
  EXPECT_TRUE(m.allowed.empty());
}

}  // namespace
