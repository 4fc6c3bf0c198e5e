// The rules of invitations as plain functions: the status shown (expired derived), the
// expiry's bounds, the limits of a question (own, else the step's, accommodations on
// top, rounded up), the deadlines of an attempt and their edges; the RFC 3339 reader
// and the Invitation authorization scheme.
#include <gtest/gtest.h>

#include "auth/invitation_token.hpp"
#include "domain/invitation.hpp"
#include "util/clock.hpp"
#include "util/timestamps.hpp"

namespace {

using domain::InvitationStatus;
using namespace std::chrono_literals;

TEST(InvitationRules, StatusesRoundTripAndExpiredIsDerived) {
  for (std::size_t i = 0; i < domain::kInvitationStatuses.size(); ++i) {
    auto s = domain::parse_invitation_status(domain::kInvitationStatuses[i]);
    ASSERT_TRUE(s);
    EXPECT_EQ(domain::to_string(*s), domain::kInvitationStatuses[i]);
  }
  for (std::size_t i = 0; i < domain::kInvitationEventKinds.size(); ++i) {
    auto k = domain::parse_invitation_event_kind(domain::kInvitationEventKinds[i]);
    ASSERT_TRUE(k);
    EXPECT_EQ(domain::to_string(*k), domain::kInvitationEventKinds[i]);
  }
  EXPECT_FALSE(domain::parse_invitation_status("Sent"));
  const std::string at = "2026-05-01T10:00:00Z";
  EXPECT_EQ(domain::invitation_status(InvitationStatus::kSent, at, "2026-05-01T09:59:59Z"),
            InvitationStatus::kSent);
  EXPECT_EQ(domain::invitation_status(InvitationStatus::kSent, at, at), InvitationStatus::kExpired);
  EXPECT_EQ(domain::invitation_status(InvitationStatus::kOpened, at, "2026-06-01T00:00:00Z"),
            InvitationStatus::kExpired);
  EXPECT_EQ(domain::invitation_status(InvitationStatus::kCompleted, at, "2027-01-01T00:00:00Z"),
            InvitationStatus::kCompleted);
  EXPECT_EQ(domain::invitation_status(InvitationStatus::kRevoked, at, "2027-01-01T00:00:00Z"),
            InvitationStatus::kRevoked);
}

TEST(InvitationRules, ExpiryIsInTheFutureAndAtMostAYearAhead) {
  const auto now =
      std::chrono::time_point_cast<std::chrono::milliseconds>(std::chrono::system_clock::now());
  EXPECT_TRUE(domain::expiry_problem(now, now));
  EXPECT_FALSE(domain::expiry_problem(now + 1ms, now));
  EXPECT_FALSE(domain::expiry_problem(now + std::chrono::days(365), now));
  EXPECT_TRUE(domain::expiry_problem(now + std::chrono::days(365) + 1ms, now));
}

TEST(InvitationRules, LimitsComeFromTheQuestionThenTheStep) {
  const domain::LimitSource question{3, std::nullopt, std::nullopt};
  const domain::LimitSource step{7, 9, 2};
  auto l = domain::question_limits(question, step, {});
  EXPECT_EQ(l.think_seconds, 3);
  EXPECT_EQ(l.time_limit_seconds, 9);
  EXPECT_EQ(l.retakes, 2);
  EXPECT_EQ(l.allowance(), 3);
  l = domain::question_limits({std::nullopt, std::nullopt, 0}, step, {1.5, 3});
  EXPECT_EQ(l.think_seconds, 11);       // 10.5 up
  EXPECT_EQ(l.time_limit_seconds, 14);  // 13.5 up
  EXPECT_EQ(l.retakes, 3);              // the question's 0, plus 3
  l = domain::question_limits({}, {}, {4, 0});
  EXPECT_FALSE(l.think_seconds);
  EXPECT_FALSE(l.time_limit_seconds);
  EXPECT_EQ(l.allowance(), 1);
  EXPECT_EQ(domain::stretch_seconds(10, 1.1), 11);
  EXPECT_EQ(domain::stretch_seconds(3, 1.5), 5);
  EXPECT_EQ(domain::stretch_seconds(0, 4), 0);
  EXPECT_EQ(domain::stretch_seconds(600, 4), 2400);
  EXPECT_EQ(domain::stretch_seconds(7, 1), 7);
  EXPECT_EQ(domain::stretch_seconds(1, 1.001), 2);
}

TEST(InvitationRules, DeadlinesAndTheirEdges) {
  domain::Attempt a;
  a.started_ms = 1'000'000;
  a.think_seconds = 1;
  a.time_limit_seconds = 1;
  EXPECT_EQ(a.think_deadline_ms(), 1'001'000);
  EXPECT_EQ(a.answer_deadline_ms(), 1'002'000);
  EXPECT_TRUE(domain::json_answer_in_time(a, 1'012'000));
  EXPECT_FALSE(domain::json_answer_in_time(a, 1'012'001));
  EXPECT_TRUE(domain::media_started_in_time(a, 1'001'000));
  EXPECT_FALSE(domain::media_started_in_time(a, 1'001'001));
  EXPECT_TRUE(domain::media_duration_fits(a, 3.0));
  EXPECT_FALSE(domain::media_duration_fits(a, 3.001));
  // Unlimited: no deadline, any duration.
  a.time_limit_seconds.reset();
  EXPECT_EQ(a.think_deadline_ms(), 1'001'000);
  EXPECT_FALSE(a.answer_deadline_ms());
  EXPECT_TRUE(domain::json_answer_in_time(a, 9'000'000'000));
  EXPECT_TRUE(domain::media_duration_fits(a, 1e6));
  a.think_seconds.reset();
  a.time_limit_seconds = 5;
  EXPECT_FALSE(a.think_deadline_ms());
  EXPECT_FALSE(a.answer_deadline_ms());
  EXPECT_TRUE(domain::media_started_in_time(a, 9'000'000'000));
  EXPECT_FALSE(domain::media_duration_fits(a, 7.5));
}

TEST(InvitationRules, ReadsRfc3339) {
  auto ms = [](std::string_view text) {
    auto t = util::parse_rfc3339(text);
    return t ? t->time_since_epoch().count() : -1;
  };
  EXPECT_EQ(ms("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ms("1970-01-01T00:00:01.5Z"), 1500);
  EXPECT_EQ(ms("1970-01-01t00:00:01.123456789z"), 1123);
  EXPECT_EQ(ms("1970-01-01T02:00:00+02:00"), 0);
  EXPECT_EQ(ms("1969-12-31T23:00:00-01:00"), 0);
  EXPECT_EQ(ms("2000-02-29T00:00:00Z"), 951782400000);
  for (const char* bad :
       {"", "2026-01-01", "2026-01-01T00:00:00", "2026-02-30T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:00.Z",
        "2026-01-01T00:00:00+2:00", "2026-01-01T00:00:00Zjunk", "2026-01-01 00:00:00Z",
        "x026-01-01T00:00:00Z"}) {
    EXPECT_EQ(ms(bad), -1) << bad;
  }
  const std::string now = util::now_rfc3339();
  EXPECT_EQ(util::format_rfc3339(*util::parse_rfc3339(now)), now);
  EXPECT_EQ(util::rfc3339_of_ms(1500), "1970-01-01T00:00:01Z");
}

TEST(InvitationRules, TheInvitationScheme) {
  EXPECT_TRUE(auth::is_invitation_authorization("Invitation abc"));
  EXPECT_TRUE(auth::is_invitation_authorization("  invitation"));
  EXPECT_FALSE(auth::is_invitation_authorization("Token abc"));
  EXPECT_FALSE(auth::is_invitation_authorization("Invitations abc"));
  EXPECT_FALSE(auth::is_invitation_authorization(""));
  EXPECT_EQ(auth::invitation_key("INVITATION abc"), "abc");
  EXPECT_EQ(auth::invitation_key("Invitation  abc  "), "abc");
  EXPECT_FALSE(auth::invitation_key("Invitation"));
  EXPECT_FALSE(auth::invitation_key("Invitation a b"));
  EXPECT_FALSE(auth::invitation_key("Bearer abc"));
}

}  // namespace
