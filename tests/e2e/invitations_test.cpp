// /interview/invitations/: creation with its screening (the screenings endpoint's rules
// and errors, word for word), defaults (expiry from the preferences' deadline_days, else
// 7 days; no accommodations), validation of accommodations and expires_at, the link
// (shown only on create and reissue, stored hashed), list filters and pagination,
// reissue and revoke, roles and other organizations.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "invitation_helpers.hpp"

namespace {

using e2e::Json;
using e2e::Object;
using e2e::invitations::CandidateClient;
using e2e::invitations::invitation_url;
using e2e::invitations::kInvitations;
using e2e::invitations::Org;
using e2e::invitations::token_of;
using Ids = std::vector<std::int64_t>;
using Strings = std::vector<std::string>;

class Invitations : public e2e::SharedServerTest<Invitations> {
 protected:
  void SetUp() override { org_ = std::make_unique<Org>(*server_); }

  std::string total(const std::string& query = "") const {
    return org_->admin.get(std::string(kInvitations) + query).header("x-total-count");
  }

  std::unique_ptr<Org> org_;
};

TEST_F(Invitations, CreateMakesTheScreeningAndALinkShownOnce) {
  const auto before = e2e::invitations::rfc3339_in(7 * 86400);
  auto r = org_->invite({{"id", 77}, {"status", "completed"}, {"url", "x"}});
  const auto after = e2e::invitations::rfc3339_in(7 * 86400);
  ASSERT_EQ(r.status, 201) << r.body;
  auto j = r.json();
  const auto id = e2e::id_of(r);
  EXPECT_NE(id, 77);
  EXPECT_EQ(std::int64_t(j["candidate"]), org_->candidate);
  EXPECT_EQ(std::int64_t(j["job"]), org_->job);
  EXPECT_EQ(std::int64_t(j["module"]), org_->module);
  EXPECT_EQ(std::int64_t(j["service"]), e2e::service_id(org_->admin, "Video Interview"));
  EXPECT_EQ(e2e::text(r, "status"), "sent");
  // Seven days by default.
  EXPECT_GE(e2e::text(r, "expires_at"), before);
  EXPECT_LE(e2e::text(r, "expires_at"), after);
  EXPECT_EQ(double(j["accommodations"]["time_multiplier"]), 1.0);
  EXPECT_EQ(std::int64_t(j["accommodations"]["extra_retakes"]), 0);
  EXPECT_EQ(e2e::text(r, "created_at").back(), 'Z');
  EXPECT_TRUE(j["opened_at"].is_null());
  EXPECT_TRUE(j["completed_at"].is_null());
  // The link: the service's public URL, /i/, 32 random bytes as hex.
  const std::string url = e2e::text(r, "url");
  const std::string token = token_of(r);
  EXPECT_EQ(url, server_->base_url() + "/i/" + token);
  EXPECT_EQ(token.size(), 64u);
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);

  // The screening the answers go into: the preferences' question set.
  const auto screening = std::int64_t(j["screening"]);
  auto s = org_->admin.get("/api/v1/interview/screenings/" + std::to_string(screening) + "/");
  ASSERT_EQ(s.status, 200) << s.body;
  EXPECT_EQ(std::int64_t(s.json()["candidate"]), org_->candidate);
  EXPECT_EQ(std::int64_t(s.json()["question_set"]), org_->set);
  EXPECT_EQ(e2e::text(s, "status"), "in_progress");

  // Retrieve: the same fields without the url.
  auto got = org_->admin.get(invitation_url(id));
  ASSERT_EQ(got.status, 200) << got.body;
  EXPECT_NE(got.json()["url"].error(), simdjson::SUCCESS);
  for (const char* k : {"status", "expires_at", "created_at"}) {
    EXPECT_EQ(e2e::text(got, k), e2e::text(r, k)) << k;
  }
  EXPECT_EQ(org_->admin.get(invitation_url(id).substr(0, invitation_url(id).size() - 1)).body,
            got.body);
  // Only the token's hash is stored.
  auto stored = e2e::database_rows(
      *server_, "SELECT token_hash FROM invitations WHERE id = " + std::to_string(id));
  ASSERT_EQ(stored.size(), 1u);
  EXPECT_NE(stored[0][0], token);
  EXPECT_EQ(stored[0][0].size(), 64u);
  // The timeline starts with `sent`.
  auto timeline = org_->admin.get(invitation_url(id, "timeline/"));
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  ASSERT_EQ(timeline.json().get_array().size(), 1u);
  EXPECT_EQ(std::string_view(timeline.json().at(0)["kind"]), "sent");
  EXPECT_EQ(std::string_view(timeline.json().at(0)["at"]), e2e::text(r, "created_at"));
  EXPECT_TRUE(timeline.json().at(0)["question"].is_null());
  EXPECT_TRUE(timeline.json().at(0)["attempt"].is_null());
}

TEST_F(Invitations, ExpiryFromThePreferencesOrGiven) {
  Org three_days(*server_, {{"deadline_days", 3}});
  const auto before = e2e::invitations::rfc3339_in(3 * 86400);
  auto r = three_days.invite();
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_GE(e2e::text(r, "expires_at"), before);
  EXPECT_LE(e2e::text(r, "expires_at"), e2e::invitations::rfc3339_in(3 * 86400));

  // Given: kept to the second (rounded up), in UTC.
  r = org_->invite({{"expires_at", "2099-01-01T00:00:00Z"}});
  ASSERT_EQ(r.status, 400) << r.body;  // more than a year ahead
  const std::string in_ten_days = e2e::invitations::rfc3339_in(10 * 86400);
  const std::string with_offset = in_ten_days.substr(0, 19) + ".250+02:00";
  r = org_->invite({{"expires_at", with_offset}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(e2e::invitations::seconds_between(in_ten_days, e2e::text(r, "expires_at")),
            -2 * 3600 + 1);
  r = org_->invite({{"expires_at", nullptr}, {"accommodations", nullptr}});
  ASSERT_EQ(r.status, 201) << r.body;
}

TEST_F(Invitations, AccommodationsAndExpiryAreValidated) {
  const auto total_before = total();
  const std::string past = e2e::invitations::rfc3339_in(-60);
  const std::string far = e2e::invitations::rfc3339_in(366 * 86400);
  for (
      const auto& [extra, expected] : std::vector<std::pair<Object, std::string>>{
          {{{"accommodations", Object{{"time_multiplier", 0.5}}}},
           R"({"accommodations":{"time_multiplier":["Ensure this value is greater than or equal to 1."]}})"},
          {{{"accommodations", Object{{"time_multiplier", 4.01}}}},
           R"({"accommodations":{"time_multiplier":["Ensure this value is less than or equal to 4."]}})"},
          {{{"accommodations", Object{{"time_multiplier", "2"}}}},
           R"({"accommodations":{"time_multiplier":["A valid number is required."]}})"},
          {{{"accommodations", Object{{"time_multiplier", true}}}},
           R"({"accommodations":{"time_multiplier":["A valid number is required."]}})"},
          {{{"accommodations", Object{{"extra_retakes", -1}}}},
           R"({"accommodations":{"extra_retakes":["Ensure this value is greater than or equal to 0."]}})"},
          {{{"accommodations", Object{{"extra_retakes", 11}}}},
           R"({"accommodations":{"extra_retakes":["Ensure this value is less than or equal to 10."]}})"},
          {{{"accommodations", Object{{"extra_retakes", 1.5}}}},
           R"({"accommodations":{"extra_retakes":["A valid integer is required."]}})"},
          {{{"accommodations", Object{{"extra_time", 2}}}},
           R"({"accommodations":{"extra_time":["Unknown field."]}})"},
          {{{"accommodations", e2e::array({1})}},
           R"({"accommodations":["Expected a dictionary of items but got type \"list\"."]})"},
          {{{"expires_at", past}}, R"({"expires_at":["Ensure this date is in the future."]})"},
          {{{"expires_at", far}},
           R"({"expires_at":["Ensure this date is at most 365 days ahead."]})"},
          {{{"expires_at", "tomorrow"}},
           R"({"expires_at":["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm:ss[.uuuuuu][+HH:MM|-HH:MM|Z]."]})"},
          {{{"expires_at", "2030-02-30T00:00:00Z"}},
           R"({"expires_at":["Datetime has wrong format. Use one of these formats instead: YYYY-MM-DDThh:mm:ss[.uuuuuu][+HH:MM|-HH:MM|Z]."]})"},
          {{{"expires_at", 5}}, R"({"expires_at":["Not a valid string."]})"},
      }) {
    auto r = org_->invite(extra);
    EXPECT_EQ(r.status, 400) << extra;
    EXPECT_EQ(r.body, expected) << extra;
  }
  // Every bad field at once, the screening's with them.
  auto r =
      org_->admin.post(kInvitations, Object{{"job_id", org_->job},
                                            {"module_id", org_->module},
                                            {"service", "Video Interview"},
                                            {"expires_at", past},
                                            {"accommodations", Object{{"extra_retakes", 11}}}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "candidate_id"), Strings{"This field is required."});
  EXPECT_EQ(e2e::errors(r, "expires_at"), Strings{"Ensure this date is in the future."});
  EXPECT_EQ(r.json()["accommodations"]["extra_retakes"].error(), simdjson::SUCCESS);
  EXPECT_EQ(total(), total_before);

  // The edges are allowed.
  r = org_->invite({{"accommodations", Object{{"time_multiplier", 4}, {"extra_retakes", 10}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(double(r.json()["accommodations"]["time_multiplier"]), 4.0);
  EXPECT_EQ(std::int64_t(r.json()["accommodations"]["extra_retakes"]), 10);
  r = org_->invite({{"accommodations", Object{{"time_multiplier", 2.5}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(double(r.json()["accommodations"]["time_multiplier"]), 2.5);
  EXPECT_EQ(std::int64_t(r.json()["accommodations"]["extra_retakes"]), 0);
}

// Each way a screening cannot be made is refused as the screenings endpoint refuses
// it, body for body, and makes neither an invitation nor a screening.
TEST_F(Invitations, TheScreeningsRulesAndErrors) {
  const auto other_job = e2e::create_job(org_->admin, "Other");
  const auto stranger = e2e::create_candidate(org_->admin, "Not applied");
  const auto bare_module = e2e::create_module(org_->admin, org_->job, {"Video Interview"});
  const auto screenings_before =
      org_->admin.get("/api/v1/interview/screenings/").header("x-total-count");
  const auto invitations_before = total();
  const Object base = org_->target();
  for (const auto& body : std::vector<Object>{
           Object(base).set("candidate_id", stranger),
           Object(base).set("job_id", other_job),
           Object(base).set("service", "Live Interview"),
           Object(base).set("service", "Nope"),
           Object(base).set("service", Json::raw("{}")),
           Object(base).set("module_id", 987654321),
           Object(base).set("candidate_id", "abc"),
           Object(base).set("question_set_id", 987654321),
           Object(base).set("module_id", bare_module),  // no question set in its preferences
           Object{{"service", "Video Interview"}},
       }) {
    auto invitation = org_->admin.post(kInvitations, body);
    auto screening = org_->admin.post("/api/v1/interview/screenings/", body);
    EXPECT_EQ(invitation.status, screening.status) << body;
    EXPECT_EQ(invitation.body, screening.body) << body;
    EXPECT_EQ(invitation.status, 400) << body;
  }
  EXPECT_EQ(total(), invitations_before);
  EXPECT_EQ(org_->admin.get("/api/v1/interview/screenings/").header("x-total-count"),
            screenings_before);
  // A question set given wins over the preferences'.
  const auto chosen = e2e::create_question_set(org_->admin, "Chosen");
  auto r =
      org_->invite({{"question_set_id", chosen}, {"service", Object{{"name", "Video Interview"}}}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto s = org_->admin.get("/api/v1/interview/screenings/" +
                           std::to_string(std::int64_t(r.json()["screening"])) + "/");
  EXPECT_EQ(std::int64_t(s.json()["question_set"]), chosen);
}

TEST_F(Invitations, ListFiltersAndPages) {
  const auto robin = org_->applied_candidate();
  const auto [first, first_client] = org_->invited();
  const auto [second, second_client] = org_->invited({}, robin);
  const auto [third, third_client] = org_->invited();
  ASSERT_EQ(org_->admin.post(invitation_url(third, "revoke/")).status, 200);
  Org other(*server_);
  other.invited();

  auto all = org_->admin.get(kInvitations);
  ASSERT_EQ(all.status, 200);
  EXPECT_EQ(e2e::ids(all), (Ids{first, second, third}));
  EXPECT_EQ(all.header("x-total-count"), "3");
  for (auto item : all.json().get_array()) EXPECT_NE(item["url"].error(), simdjson::SUCCESS);
  auto list = [&](const std::string& query) {
    return e2e::ids(org_->admin.get(std::string(kInvitations) + "?" + query));
  };
  EXPECT_EQ(list("candidate_id=" + std::to_string(robin)), Ids{second});
  EXPECT_EQ(list("job_id=" + std::to_string(org_->job)), (Ids{first, second, third}));
  EXPECT_EQ(list("job_id=" + std::to_string(other.job)), Ids{});
  EXPECT_EQ(list("status=sent"), (Ids{first, second}));
  EXPECT_EQ(list("status=revoked"), Ids{third});
  EXPECT_EQ(list("status=opened"), Ids{});
  EXPECT_EQ(list("status=expired"), Ids{});
  EXPECT_EQ(list("status=sent&candidate_id=" + std::to_string(org_->candidate)), Ids{first});
  EXPECT_EQ(list("status="), (Ids{first, second, third}));
  ASSERT_EQ(first_client.get("session/").status, 200);
  EXPECT_EQ(list("status=opened"), Ids{first});

  // Bad filter values, as the other lists answer them.
  for (const std::string query : {"candidate_id=abc", "job_id=-1", "status=Sent", "status=done"}) {
    auto r = org_->admin.get(std::string(kInvitations) + "?" + query);
    auto s = org_->admin.get("/api/v1/interview/screenings/?" + query);
    EXPECT_EQ(r.status, 400) << query;
    if (query.rfind("status", 0) != 0) {
      EXPECT_EQ(r.body, s.body) << query;
    }
  }
  EXPECT_EQ(org_->admin.get(std::string(kInvitations) + "?status=done").body,
            R"({"status":["Select a valid choice. done is not one of the available choices."]})");

  auto page = org_->admin.get(std::string(kInvitations) + "?limit=1&offset=1");
  EXPECT_EQ(e2e::ids(page), Ids{second});
  EXPECT_EQ(page.header("x-total-count"), "3");
  EXPECT_NE(page.header("link").find("offset=2"), std::string::npos);
}

TEST_F(Invitations, ReissueGivesANewLinkAndVoidsTheOld) {
  auto [id, old_client] = org_->invited();
  ASSERT_EQ(old_client.get("session/").status, 200);  // opened
  auto r = org_->admin.post(invitation_url(id, "reissue/"), "");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "status"), "opened");
  const CandidateClient fresh{server_, token_of(r)};
  EXPECT_NE(fresh.token, old_client.token);
  auto refused = old_client.get("session/");
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(refused.body, e2e::invitations::kNotValid);
  EXPECT_EQ(fresh.get("session/").status, 200);
  EXPECT_NE(org_->admin.get(invitation_url(id)).json()["url"].error(), simdjson::SUCCESS);

  // A new expiry, checked as on create.
  const std::string later = e2e::invitations::rfc3339_in(30 * 86400);
  r = org_->admin.post(invitation_url(id, "reissue/"), Object{{"expires_at", later}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "expires_at"), later);
  EXPECT_EQ(fresh.get("session/").status, 401);
  r = org_->admin.post(invitation_url(id, "reissue/"), Object{{"expires_at", "yesterday"}});
  EXPECT_EQ(r.status, 400) << r.body;

  auto timeline = org_->admin.get(invitation_url(id, "timeline/"));
  Strings kinds;
  for (auto e : timeline.json().get_array()) kinds.emplace_back(std::string_view(e["kind"]));
  EXPECT_EQ(kinds, (Strings{"sent", "opened", "reissued", "reissued"}));
}

TEST_F(Invitations, RevokeVoidsTheLink) {
  auto [id, client] = org_->invited();
  auto r = org_->admin.post(invitation_url(id, "revoke/"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "status"), "revoked");
  EXPECT_NE(r.json()["url"].error(), simdjson::SUCCESS);
  EXPECT_EQ(client.get("session/").body, e2e::invitations::kNotValid);
  // Again: unchanged. A revoked invitation is not reissued.
  r = org_->admin.post(invitation_url(id, "revoke/"));
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(e2e::text(r, "status"), "revoked");
  r = org_->admin.post(invitation_url(id, "reissue/"));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(e2e::text(org_->admin.get(invitation_url(id)), "status"), "revoked");

  // A completed one can be neither revoked nor reissued.
  auto [done, done_client] = org_->invited();
  ASSERT_EQ(done_client.consent().status, 200);
  ASSERT_EQ(done_client.post("submit/").status, 200);
  r = org_->admin.post(invitation_url(done, "revoke/"));
  EXPECT_EQ(r.status, 409) << r.body;
  r = org_->admin.post(invitation_url(done, "reissue/"));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(e2e::text(org_->admin.get(invitation_url(done)), "status"), "completed");
  EXPECT_EQ(done_client.get("session/").status, 200);
}

TEST_F(Invitations, InterviewersReadOnlyAndOtherOrganizationsSeeNothing) {
  auto [id, client] = org_->invited();
  auto interviewer = e2e::create_user(org_->admin, "interviewer");
  EXPECT_EQ(interviewer.get(kInvitations).status, 200);
  EXPECT_EQ(interviewer.get(invitation_url(id)).status, 200);
  EXPECT_EQ(interviewer.get(invitation_url(id, "timeline/")).status, 200);
  for (const auto& r : {interviewer.post(kInvitations, org_->target()),
                        interviewer.post(invitation_url(id, "reissue/")),
                        interviewer.post(invitation_url(id, "revoke/"))}) {
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.body, e2e::kForbidden);
  }
  auto recruiter = e2e::create_user(org_->admin, "recruiter");
  EXPECT_EQ(recruiter.post(kInvitations, org_->target()).status, 201);

  Org other(*server_);
  EXPECT_EQ(other.admin.get(kInvitations).header("x-total-count"), "0");
  for (const auto& r :
       {other.admin.get(invitation_url(id)), other.admin.get(invitation_url(id, "timeline/")),
        other.admin.post(invitation_url(id, "reissue/")),
        other.admin.post(invitation_url(id, "revoke/"))}) {
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, e2e::kNotFound);
  }
  // Another organization's candidate, job or module is an invalid pk.
  auto r = other.admin.post(kInvitations, org_->target());
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(e2e::text(org_->admin.get(invitation_url(id)), "status"), "sent");
  EXPECT_EQ(client.get("session/").status, 200);
  for (const std::string bad : {"abc", "0", "-1", "9223372036854775808"}) {
    EXPECT_EQ(org_->admin.get(std::string(kInvitations) + bad + "/").status, 404) << bad;
  }
}

}  // namespace
