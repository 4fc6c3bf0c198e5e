// /api/v1/candidate/ with `Authorization: Invitation <token>`: the whole interview
// (session, consent, attempts, text/choice/rating answers, submit) with its timeline and
// the candidate's step; the limits at their edges (allowance, retakes and extra
// retakes, the time multiplier, the answer deadline and its grace); consent first;
// invalid, revoked, expired and reissued links; a completed interview; isolation between
// invitations and organizations; the per-link rate limit; and a candidate's token on
// every other route of the table, which opens nothing and changes nothing.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "api/context.hpp"
#include "invitation_helpers.hpp"

namespace {

using e2e::Object;
using e2e::invitations::CandidateClient;
using e2e::invitations::invitation_url;
using e2e::invitations::kInvitations;
using e2e::invitations::Org;
using e2e::invitations::seconds_between;
using e2e::invitations::token_of;
using Clock = std::chrono::steady_clock;
using Strings = std::vector<std::string>;
namespace msg = e2e::invitations;

constexpr const char* kSteps = "/api/v1/interview/interview-steps/";

std::int64_t attempt_of(const e2e::HttpResponse& r) {
  return std::int64_t(r.json()["attempt"]);
}

// The kinds of an invitation's timeline, in order.
Strings kinds(const e2e::Client& admin, std::int64_t invitation) {
  Strings out;
  auto r = admin.get(invitation_url(invitation, "timeline/?limit=1000"));
  for (auto e : r.json().get_array()) out.emplace_back(std::string_view(e["kind"]));
  return out;
}

// The session's entry for `question`.
simdjson::dom::element session_question(const e2e::HttpResponse& session, std::int64_t question) {
  for (auto q : session.json()["questions"].get_array()) {
    if (std::int64_t(q["id"]) == question) return q;
  }
  throw std::runtime_error("no question " + std::to_string(question) + " in " + session.body);
}

// (think, time limit, retakes) of a question in the session; -1 for null.
std::vector<std::int64_t> limits_of(const e2e::HttpResponse& session, std::int64_t question) {
  auto q = session_question(session, question);
  auto or_null = [](simdjson::dom::element e) { return e.is_null() ? -1 : std::int64_t(e); };
  return {or_null(q["think_time_seconds"]), or_null(q["time_limit_seconds"]),
          std::int64_t(q["retakes_allowed"])};
}

class CandidateApi : public e2e::SharedServerTest<CandidateApi> {
 protected:
  std::int64_t question(const Org& org, const std::string& type, const Object& extra = {}) const {
    return e2e::create_question(org.admin, org.set, type, extra);
  }
  // A Pending step of the org's candidate for the invited service.
  std::int64_t step(const Org& org, const std::string& status = "Pending") const {
    return e2e::create_in(org.admin, kSteps,
                          Object{{"module", org.module},
                                 {"job", org.job},
                                 {"candidate", org.candidate},
                                 {"service", e2e::service_id(org.admin, "Video Interview")},
                                 {"status", status}});
  }
  std::string step_status(const Org& org, std::int64_t id) const {
    return e2e::text(org.admin.get(kSteps + std::to_string(id) + "/"), "status");
  }
};

TEST_F(CandidateApi, TheWholeInterview) {
  Org org(*server_);
  const auto text_q = question(org, "text", {{"text", "Tell us about you"}, {"order", 1}});
  const auto single =
      question(org, "single_choice", {{"options", e2e::array({"A", "B"})}, {"order", 2}});
  const auto multi =
      question(org, "multiple_choice", {{"options", e2e::array({"x", "y", "z"})}, {"order", 3}});
  const auto rating = question(org, "rating", {{"order", 4}});
  const auto video = question(org, "video", {{"order", 5}});
  const auto step_id = step(org);
  auto [id, cand] = org.invited();

  auto s = cand.get("session/");
  ASSERT_EQ(s.status, 200) << s.body;
  auto me = org.admin.get("/api/v1/auth/me/");
  EXPECT_EQ(std::string_view(s.json()["organization"]["name"]),
            std::string_view(me.json()["organization"]["name"]));
  EXPECT_EQ(std::string_view(s.json()["job"]["title"]), "Engineer");
  EXPECT_EQ(e2e::text(s, "status"), "opened");
  EXPECT_TRUE(bool(s.json()["consent_required"]));
  EXPECT_EQ(e2e::text(s, "expires_at"), e2e::text(org.admin.get(invitation_url(id)), "expires_at"));
  std::vector<std::int64_t> order;
  std::int64_t position = 0;
  for (auto q : s.json()["questions"].get_array()) {
    order.push_back(std::int64_t(q["id"]));
    EXPECT_EQ(std::int64_t(q["position"]), ++position);
    EXPECT_EQ(std::int64_t(q["attempts_used"]), 0);
    EXPECT_FALSE(bool(q["answered"]));
    EXPECT_TRUE(q["think_time_seconds"].is_null());
    EXPECT_TRUE(q["time_limit_seconds"].is_null());
    EXPECT_EQ(std::int64_t(q["retakes_allowed"]), 0);
  }
  EXPECT_EQ(order, (std::vector<std::int64_t>{text_q, single, multi, rating, video}));
  EXPECT_EQ(std::string_view(session_question(s, text_q)["text"]), "Tell us about you");
  EXPECT_EQ(std::string_view(session_question(s, single)["type"]), "single_choice");
  EXPECT_EQ(simdjson::minify(session_question(s, multi)["options"]), R"(["x","y","z"])");

  // Opened: the invitation, its timeline, the step (In Progress, by no user).
  auto inv = org.admin.get(invitation_url(id));
  EXPECT_EQ(e2e::text(inv, "status"), "opened");
  EXPECT_FALSE(inv.json()["opened_at"].is_null());
  EXPECT_EQ(step_status(org, step_id), "In Progress");
  EXPECT_EQ(cand.get("session/").status, 200);  // a second read opens nothing more
  EXPECT_EQ(kinds(org.admin, id), (Strings{"sent", "opened"}));

  // Consent first.
  EXPECT_EQ(cand.start(text_q).body, msg::kConsentFirst);
  ASSERT_EQ(cand.consent().status, 200);
  EXPECT_FALSE(bool(cand.get("session/").json()["consent_required"]));

  const std::vector<std::pair<std::int64_t, Object>> answers = {
      {text_q, {{"text", "I build things."}}},
      {single, {{"choices", e2e::array({"B"})}}},
      {multi, {{"choices", e2e::array({"x", "z"})}}},
      {rating, {{"rating", 5}}}};
  std::vector<std::int64_t> attempts;
  for (const auto& [q, body] : answers) {
    auto a = cand.start(q);
    ASSERT_EQ(a.status, 201) << a.body;
    EXPECT_EQ(std::int64_t(a.json()["question"]), q);
    EXPECT_EQ(std::int64_t(a.json()["number"]), 1);
    EXPECT_TRUE(a.json()["think_deadline"].is_null());
    EXPECT_TRUE(a.json()["answer_deadline"].is_null());
    attempts.push_back(attempt_of(a));
    auto r = cand.answer(attempts.back(), body);
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(std::int64_t(r.json()["question"]), q);
    EXPECT_EQ(std::int64_t(r.json()["screening"]), std::int64_t(inv.json()["screening"]));
  }
  // A recording is not a JSON answer.
  auto v = cand.start(video);
  ASSERT_EQ(v.status, 201);
  auto refused = cand.answer(attempt_of(v), Object{{"text", "here is my video"}});
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(
      refused.body,
      R"({"video":["This video question is answered with a resumable upload (tus) whose metadata names this attempt."]})");

  s = cand.get("session/");
  for (const auto& [q, body] : answers) {
    EXPECT_TRUE(bool(session_question(s, q)["answered"])) << q;
    EXPECT_EQ(std::int64_t(session_question(s, q)["attempts_used"]), 1);
  }
  EXPECT_FALSE(bool(session_question(s, video)["answered"]));
  const auto screening = std::to_string(std::int64_t(inv.json()["screening"]));
  auto stored = org.admin.get("/api/v1/interview/answers/?screening_id=" + screening);
  EXPECT_EQ(stored.header("x-total-count"), "4");
  EXPECT_EQ(std::string_view(stored.json().at(0)["text"]), "I build things.");
  EXPECT_EQ(simdjson::minify(stored.json().at(2)["choices"]), R"(["x","z"])");
  EXPECT_EQ(std::int64_t(stored.json().at(3)["rating"]), 5);

  auto done = cand.post("submit/");
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(e2e::text(done, "status"), "completed");
  inv = org.admin.get(invitation_url(id));
  EXPECT_EQ(e2e::text(inv, "status"), "completed");
  EXPECT_EQ(e2e::text(inv, "completed_at"), e2e::text(done, "completed_at"));
  auto sc = org.admin.get("/api/v1/interview/screenings/" + screening + "/");
  EXPECT_EQ(e2e::text(sc, "status"), "submitted");
  EXPECT_EQ(step_status(org, step_id), "Completed");
  auto history = org.admin.get(kSteps + std::to_string(step_id) + "/history/");
  ASSERT_EQ(history.json().get_array().size(), 3u) << history.body;
  EXPECT_EQ(std::int64_t(history.json().at(0)["changed_by"]), org.admin.user_id);
  for (std::size_t i : {1u, 2u}) {
    EXPECT_TRUE(history.json().at(i)["changed_by"].is_null()) << history.body;
  }
  EXPECT_EQ(std::string_view(history.json().at(1)["to_status"]), "In Progress");
  EXPECT_EQ(std::string_view(history.json().at(2)["from_status"]), "In Progress");
  EXPECT_EQ(std::string_view(history.json().at(2)["to_status"]), "Completed");

  // Done: the session still reads, every write is refused.
  s = cand.get("session/");
  ASSERT_EQ(s.status, 200);
  EXPECT_EQ(e2e::text(s, "status"), "completed");
  for (const auto& r : {cand.post("submit/"), cand.consent(), cand.start(text_q),
                        cand.answer(attempts[0], R"({"text":"again"})")}) {
    EXPECT_EQ(r.status, 409);
    EXPECT_EQ(r.body, msg::kSubmitted);
  }

  // The timeline: every step of the way, with its question and attempt.
  EXPECT_EQ(kinds(org.admin, id),
            (Strings{"sent", "opened", "consent", "attempt_started", "answered", "attempt_started",
                     "answered", "attempt_started", "answered", "attempt_started", "answered",
                     "attempt_started", "submitted"}));
  auto timeline = org.admin.get(invitation_url(id, "timeline/"));
  auto started = timeline.json().at(3);
  EXPECT_EQ(std::int64_t(started["question"]), text_q);
  EXPECT_EQ(std::int64_t(started["attempt"]), attempts[0]);
  EXPECT_EQ(std::string_view(started["detail"]), "Attempt 1 of 1.");
  auto answered = timeline.json().at(4);
  EXPECT_EQ(std::int64_t(answered["attempt"]), attempts[0]);
  EXPECT_FALSE(std::string_view(answered["at"]).empty());
  std::int64_t previous = 0;
  for (auto e : timeline.json().get_array()) {
    EXPECT_GT(std::int64_t(e["id"]), previous);
    previous = std::int64_t(e["id"]);
  }
}

TEST_F(CandidateApi, AnswersFollowTheTypeRulesOfUsersAnswers) {
  Org org(*server_);
  const auto text_q = question(org, "text");
  const auto single = question(org, "single_choice", {{"options", e2e::array({"A", "B"})}});
  const auto rating = question(org, "rating");
  const auto audio = question(org, "audio");
  auto [id, cand] = org.invited();
  ASSERT_EQ(cand.consent().status, 200);
  const auto screening = std::int64_t(org.admin.get(invitation_url(id)).json()["screening"]);
  // One attempt per question: a refused answer leaves it open.
  std::map<std::int64_t, std::int64_t> attempts;
  for (auto q : {text_q, single, rating}) {
    auto a = cand.start(q);
    ASSERT_EQ(a.status, 201) << a.body;
    attempts[q] = attempt_of(a);
  }
  for (const auto& [q, body] : std::vector<std::pair<std::int64_t, Object>>{
           {text_q, {}},
           {text_q, {{"text", "  "}}},
           {text_q, {{"rating", 3}}},
           {single, {{"choices", e2e::array({"A", "B"})}}},
           {single, {{"choices", e2e::array({"C"})}}},
           {single, {{"choices", "A"}}},
           {rating, {{"rating", 6}}},
           {rating, {{"rating", "five"}}},
           {rating, {{"text", "great"}}},
       }) {
    auto mine = cand.answer(attempts[q], body);
    auto users = org.admin.post("/api/v1/interview/answers/", e2e::answer_body(screening, q, body));
    EXPECT_EQ(mine.status, 400) << body;
    EXPECT_EQ(mine.body, users.body) << body;
  }
  EXPECT_EQ(cand.answer(attempts[text_q], R"({"text":"fine"})").status, 201);
  EXPECT_EQ(cand.answer(attempts[single], R"({"choices":["A"]})").status, 201);
  EXPECT_EQ(cand.answer(attempts[rating], R"({"rating":1})").status, 201);
  auto a = cand.start(audio);
  auto r = cand.answer(attempt_of(a), Object{{"text", "hi"}});
  EXPECT_EQ(
      r.body,
      R"({"audio":["This audio question is answered with a resumable upload (tus) whose metadata names this attempt."]})");
  EXPECT_EQ(org.admin.get("/api/v1/interview/answers/?screening_id=" + std::to_string(screening))
                .header("x-total-count"),
            "3");
}

TEST_F(CandidateApi, AllowanceRetakesAndTheTimeMultiplier) {
  Org org(*server_, {{"think_time_seconds", 7}, {"time_limit_seconds", 9}, {"max_retakes", 1}});
  // The question's own limits win over the preferences', a 0 included.
  const auto own = question(
      org, "text", {{"think_time_seconds", 3}, {"time_limit_seconds", 5}, {"max_retakes", 0}});
  const auto from_prefs = question(org, "text");
  auto [plain_id, plain] = org.invited();
  auto [wide_id, wide] =
      org.invited({{"accommodations", Object{{"time_multiplier", 1.5}, {"extra_retakes", 2}}}},
                  org.applied_candidate());

  auto s = plain.get("session/");
  EXPECT_EQ(limits_of(s, own), (std::vector<std::int64_t>{3, 5, 0}));
  EXPECT_EQ(limits_of(s, from_prefs), (std::vector<std::int64_t>{7, 9, 1}));
  s = wide.get("session/");
  EXPECT_EQ(limits_of(s, own), (std::vector<std::int64_t>{5, 8, 2}));  // 4.5 and 7.5 round up
  EXPECT_EQ(limits_of(s, from_prefs), (std::vector<std::int64_t>{11, 14, 3}));

  ASSERT_EQ(plain.consent().status, 200);
  ASSERT_EQ(wide.consent().status, 200);
  // The deadlines: started + think, started + think + time limit (multiplied).
  auto a = wide.start(own);
  ASSERT_EQ(a.status, 201) << a.body;
  const auto started = e2e::text(a, "started_at");
  EXPECT_EQ(seconds_between(started, e2e::text(a, "think_deadline")), 5);
  EXPECT_EQ(seconds_between(started, e2e::text(a, "answer_deadline")), 13);

  // Allowance: 1 + retakes (+ extra retakes), then 409.
  EXPECT_EQ(plain.start(own).status, 201);
  auto over = plain.start(own);
  EXPECT_EQ(over.status, 409);
  EXPECT_EQ(over.body, R"({"detail":"No attempts left at this question (1 allowed)."})");
  EXPECT_EQ(plain.start(from_prefs).status, 201);
  EXPECT_EQ(plain.start(from_prefs).status, 201);
  EXPECT_EQ(plain.start(from_prefs).status, 409);
  EXPECT_EQ(wide.start(own).status, 201);
  auto third = wide.start(own);
  ASSERT_EQ(third.status, 201);
  EXPECT_EQ(std::int64_t(third.json()["number"]), 3);
  EXPECT_EQ(wide.start(own).body, R"({"detail":"No attempts left at this question (3 allowed)."})");
  EXPECT_EQ(std::int64_t(session_question(wide.get("session/"), own)["attempts_used"]), 3);
  // No limit anywhere: unlimited times, no retakes.
  Org unlimited(*server_);
  const auto free_q = e2e::create_question(unlimited.admin, unlimited.set, "text");
  auto [free_id, free] = unlimited.invited();
  EXPECT_EQ(limits_of(free.get("session/"), free_q), (std::vector<std::int64_t>{-1, -1, 0}));
  ASSERT_EQ(free.consent().status, 200);
  auto f = free.start(free_q);
  EXPECT_TRUE(f.json()["think_deadline"].is_null());
  EXPECT_TRUE(f.json()["answer_deadline"].is_null());
  EXPECT_EQ(free.start(free_q).status, 409);
}

// The answer deadline is started + think + time limit; a JSON answer is taken until 10 s
// after it, then refused with nothing stored. (About 11 s of sleeping.)
TEST_F(CandidateApi, TheAnswerDeadlineAndItsGrace) {
  Org org(*server_);
  const Object limits{{"think_time_seconds", 0}, {"time_limit_seconds", 1}};
  const auto late_q = question(org, "text", limits);
  const auto in_time_q = question(org, "text", limits);
  auto [id, cand] = org.invited();
  ASSERT_EQ(cand.consent().status, 200);
  auto late = cand.start(late_q);
  const auto late_started = Clock::now();
  ASSERT_EQ(late.status, 201) << late.body;
  EXPECT_EQ(e2e::text(late, "think_deadline"), e2e::text(late, "started_at"));
  EXPECT_EQ(seconds_between(e2e::text(late, "started_at"), e2e::text(late, "answer_deadline")), 1);
  auto in_time = cand.start(in_time_q);
  ASSERT_EQ(in_time.status, 201);

  // Past the deadline, within the grace.
  std::this_thread::sleep_until(late_started + std::chrono::milliseconds(9500));
  auto r = cand.answer(attempt_of(in_time), R"({"text":"just in time"})");
  EXPECT_EQ(r.status, 201) << r.body;
  // Past the grace.
  std::this_thread::sleep_until(late_started + std::chrono::milliseconds(11300));
  r = cand.answer(attempt_of(late), R"({"text":"too late"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(r.body, R"({"detail":"The time for this answer is over."})");
  auto s = cand.get("session/");
  EXPECT_FALSE(bool(session_question(s, late_q)["answered"]));
  EXPECT_TRUE(bool(session_question(s, in_time_q)["answered"]));
  const auto screening = std::int64_t(org.admin.get(invitation_url(id)).json()["screening"]);
  EXPECT_EQ(org.admin.get("/api/v1/interview/answers/?screening_id=" + std::to_string(screening))
                .header("x-total-count"),
            "1");
  const auto events = kinds(org.admin, id);
  EXPECT_EQ(std::count(events.begin(), events.end(), "answered"), 1);
}

TEST_F(CandidateApi, ANewAttemptsAnswerReplacesThePrevious) {
  Org org(*server_);
  const auto q = question(org, "text", {{"max_retakes", 2}});
  auto [id, cand] = org.invited();
  ASSERT_EQ(cand.consent().status, 200);
  const auto first = attempt_of(cand.start(q));
  auto a1 = cand.answer(first, R"({"text":"first"})");
  ASSERT_EQ(a1.status, 201);
  EXPECT_EQ(
      cand.answer(first, R"({"text":"again"})").body,
      R"({"detail":"This attempt has its answer already; start another attempt to answer again."})");
  const auto second = attempt_of(cand.start(q));
  const auto third = attempt_of(cand.start(q));
  // Only the latest attempt takes an answer.
  auto r = cand.answer(second, R"({"text":"second"})");
  EXPECT_EQ(r.status, 409);
  EXPECT_EQ(
      r.body,
      R"({"detail":"This attempt is not the latest of its question; answer the latest one."})");
  auto a3 = cand.answer(third, R"({"text":"third"})");
  ASSERT_EQ(a3.status, 201) << a3.body;
  EXPECT_EQ(
      org.admin.get("/api/v1/interview/answers/" + std::to_string(e2e::id_of(a1)) + "/").status,
      404);
  const auto screening = std::int64_t(org.admin.get(invitation_url(id)).json()["screening"]);
  auto stored =
      org.admin.get("/api/v1/interview/answers/?screening_id=" + std::to_string(screening));
  EXPECT_EQ(stored.header("x-total-count"), "1");
  EXPECT_EQ(std::string_view(stored.json().at(0)["text"]), "third");
  EXPECT_EQ(cand.start(q).status, 409);
  EXPECT_EQ(cand.answer(987654321, R"({"text":"x"})").body, e2e::kNotFound);
}

TEST_F(CandidateApi, ConsentComesFirst) {
  Org org(*server_);
  const auto q = question(org, "text");
  auto [id, cand] = org.invited();
  auto s = cand.get("session/");
  ASSERT_EQ(s.status, 200);
  EXPECT_TRUE(bool(s.json()["consent_required"]));
  for (const auto& r : {cand.start(q), cand.answer(1, R"({"text":"x"})"), cand.post("submit/")}) {
    EXPECT_EQ(r.status, 403);
    EXPECT_EQ(r.body, msg::kConsentFirst);
  }
  EXPECT_EQ(cand.post("consent/", "{}").body, R"({"accepted":["This field is required."]})");
  EXPECT_EQ(cand.post("consent/", R"({"accepted":false})").body,
            R"({"accepted":["Consent must be accepted to go on."]})");
  EXPECT_EQ(cand.post("consent/", R"({"accepted":"maybe"})").status, 400);
  auto c = cand.consent();
  ASSERT_EQ(c.status, 200) << c.body;
  EXPECT_TRUE(bool(c.json()["accepted"]));
  auto again = cand.consent();
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(e2e::text(again, "consent_at"), e2e::text(c, "consent_at"));
  auto rows = e2e::database_rows(
      *server_,
      "SELECT consent_at, consent_address FROM invitations WHERE id = " + std::to_string(id));
  EXPECT_EQ(rows[0][0], e2e::text(c, "consent_at"));
  EXPECT_EQ(rows[0][1], "127.0.0.1");
  EXPECT_EQ(kinds(org.admin, id), (Strings{"sent", "opened", "consent"}));
  EXPECT_EQ(cand.start(q).status, 201);
}

TEST_F(CandidateApi, InvalidRevokedExpiredAndReissuedLinks) {
  Org org(*server_);
  auto [id, cand] = org.invited();
  auto with = [&](const std::string& authorization) {
    return server_->request("GET", "/api/v1/candidate/session/", "",
                            {{"Authorization", authorization}});
  };
  auto r = server_->request("GET", "/api/v1/candidate/session/");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, msg::kNotProvided);
  for (const std::string& bad : Strings{"Invitation nope", "Invitation " + cand.token + "x",
                                        "Invitation", "Invitation a b"}) {
    r = with(bad);
    EXPECT_EQ(r.status, 401) << bad;
    EXPECT_EQ(r.body, msg::kNotValid) << bad;
  }
  EXPECT_EQ(with("invitation " + cand.token).status, 200);  // the scheme in any case
  // A user's token is no candidate.
  r = org.admin.get("/api/v1/candidate/session/");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(r.body, e2e::kForbidden);

  // Expired: a few seconds ahead (to the second), then past.
  auto [short_id, short_lived] = org.invited({{"expires_at", e2e::invitations::rfc3339_in(3)}});
  const auto opened = Clock::now();
  EXPECT_EQ(short_lived.get("session/").status, 200);
  ASSERT_EQ(short_lived.consent().status, 200);
  std::this_thread::sleep_until(opened + std::chrono::milliseconds(4100));
  for (const auto& e : {short_lived.get("session/"), short_lived.start(1)}) {
    EXPECT_EQ(e.status, 401);
    EXPECT_EQ(e.body, msg::kExpired);
  }
  EXPECT_EQ(e2e::text(org.admin.get(invitation_url(short_id)), "status"), "expired");
  EXPECT_EQ(e2e::ids(org.admin.get(std::string(kInvitations) + "?status=expired")),
            std::vector<std::int64_t>{short_id});
  // Reissued: a new expiry (the default), the status it had, the old link void.
  auto reissued = org.admin.post(invitation_url(short_id, "reissue/"));
  ASSERT_EQ(reissued.status, 200) << reissued.body;
  EXPECT_EQ(e2e::text(reissued, "status"), "opened");
  const CandidateClient renewed{server_, token_of(reissued)};
  EXPECT_EQ(renewed.get("session/").status, 200);
  EXPECT_EQ(short_lived.get("session/").body, msg::kNotValid);
  EXPECT_FALSE(bool(renewed.get("session/").json()["consent_required"]));

  // Revoked.
  ASSERT_EQ(org.admin.post(invitation_url(id, "revoke/")).status, 200);
  r = cand.get("session/");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, msg::kNotValid);
}

TEST_F(CandidateApi, InvitationsAreIsolated) {
  Org org(*server_);
  const auto q = question(org, "text");
  auto [a_id, a] = org.invited();
  auto [b_id, b] = org.invited({}, org.applied_candidate());
  ASSERT_EQ(a.consent().status, 200);
  ASSERT_EQ(b.consent().status, 200);
  const auto a_attempt = attempt_of(a.start(q));
  // B cannot answer A's attempt, nor see it.
  EXPECT_EQ(b.answer(a_attempt, R"({"text":"mine now"})").body, e2e::kNotFound);
  EXPECT_EQ(std::int64_t(session_question(b.get("session/"), q)["attempts_used"]), 0);
  EXPECT_EQ(b.start(q).status, 201);
  // Another set's or organization's question is not asked.
  const auto elsewhere =
      e2e::create_question(org.admin, e2e::create_question_set(org.admin), "text");
  EXPECT_EQ(a.start(elsewhere).body, e2e::kNotFound);
  Org other(*server_);
  const auto other_q = e2e::create_question(other.admin, other.set, "text");
  auto [o_id, o] = other.invited();
  ASSERT_EQ(o.consent().status, 200);
  EXPECT_EQ(a.start(other_q).status, 404);
  EXPECT_EQ(o.start(q).status, 404);
  EXPECT_EQ(o.answer(a_attempt, R"({"text":"x"})").status, 404);
  EXPECT_EQ(a.answer(a_attempt, R"({"text":"still mine"})").status, 201);
  // Another organization does not see the invitation.
  EXPECT_EQ(other.admin.get(invitation_url(a_id)).status, 404);
  EXPECT_EQ(o.get("session/").json()["questions"].get_array().size(), 1u);
}

TEST_F(CandidateApi, OnlyAPendingStepStartsAndOnlyAStartedOneCompletes) {
  Org org(*server_);
  const auto held = step(org, "On Hold");
  auto [id, cand] = org.invited();
  ASSERT_EQ(cand.get("session/").status, 200);
  EXPECT_EQ(step_status(org, held), "On Hold");
  ASSERT_EQ(cand.consent().status, 200);
  ASSERT_EQ(cand.post("submit/").status, 200);
  EXPECT_EQ(step_status(org, held), "On Hold");
  EXPECT_EQ(org.admin.get(kSteps + std::to_string(held) + "/history/").header("x-total-count"),
            "1");
  // Without a step the interview goes on all the same.
  Org stepless(*server_);
  auto [sid, s] = stepless.invited();
  ASSERT_EQ(s.consent().status, 200);
  EXPECT_EQ(s.post("submit/").status, 200);
}

// A candidate's token on every route of the table that does not admit candidates, with
// ids of objects that exist: 401 as without a token (a public route answers as it does
// without one), and nothing changes.
TEST_F(CandidateApi, ACandidateTokenOpensNothingElse) {
  Org org(*server_);
  const auto q = question(org, "text");
  const auto step_id = step(org);
  const auto screening = e2e::create_screening(org.admin, org.applied_candidate("Sam"), org.job,
                                               org.module, "Video Interview", org.set);
  const auto answer = e2e::create_answer(org.admin, screening, q);
  const auto feedback = e2e::create_in(org.admin, "/api/v1/interview/feedbacks/",
                                       Object{{"job", org.job},
                                              {"candidate", org.candidate},
                                              {"rating", 4},
                                              {"recommendation", "yes"}});
  const auto interviewer = e2e::create_user(org.admin, "interviewer");
  const auto [id, cand] = org.invited();
  const std::int64_t invitation = id;  // a plain variable, for the lambda below
  ASSERT_EQ(cand.consent().status, 200);
  const std::map<std::string, std::int64_t> ids = {
      {"organizations", org.admin.org_id},
      {"users", interviewer.user_id},
      {"jobs", org.job},
      {"job", org.job},
      {"candidates", org.candidate},
      {"candidate", org.candidate},
      {"services", e2e::service_id(org.admin, "Video Interview")},
      {"service", e2e::service_id(org.admin, "Video Interview")},
      {"interview-modules", org.module},
      {"interview-module", org.module},
      {"service-interview-steps", org.module},
      {"interview-steps", step_id},
      {"question-sets", org.set},
      {"questions", q},
      {"screenings", screening},
      {"feedbacks", feedback},
      {"answers", answer},
      {"invitations", id},
      {"uploads", org.admin.org_id}};
  const Strings tables = {
      "organizations",    "users",           "auth_tokens",  "jobs",
      "candidates",       "applications",    "services",     "interview_modules",
      "module_services",  "interview_steps", "step_history", "feedback",
      "question_sets",    "questions",       "screenings",   "answers",
      "background_jobs",  "uploads",         "invitations",  "invitation_attempts",
      "invitation_events"};
  auto snapshot = [&] {
    Strings out;
    for (const auto& t : tables) {
      out.push_back(t + "=" + e2e::database_rows(*server_, "SELECT COUNT(*) FROM " + t)[0][0]);
    }
    for (const std::string& sql :
         {"SELECT title || status FROM jobs WHERE id = " + std::to_string(org.job),
          "SELECT name || email FROM candidates WHERE id = " + std::to_string(org.candidate),
          "SELECT status FROM interview_steps WHERE id = " + std::to_string(step_id),
          "SELECT status FROM screenings WHERE id = " + std::to_string(screening),
          "SELECT status || token_hash FROM invitations WHERE id = " + std::to_string(invitation),
          "SELECT text FROM answers WHERE id = " + std::to_string(answer)}) {
      out.push_back(e2e::database_rows(*server_, sql)[0][0]);
    }
    return out;
  };
  const auto before = snapshot();
  int checked = 0;
  for (const auto& route : api::routes()) {
    if (api::admits_candidates(route.access)) continue;
    // The pattern with ids of existing objects: each {int} the id of what the segment
    // before it names (feedbacks/{job}/{candidate}/ by position).
    std::string path, previous;
    int ints = 0;
    std::size_t start = 1;
    while (start <= route.pattern.size()) {
      auto end = route.pattern.find('/', start);
      if (end == std::string::npos) end = route.pattern.size();
      const std::string segment = route.pattern.substr(start, end - start);
      std::string value = segment;
      if (segment == "{int}") {
        ++ints;
        const bool by_job = route.pattern.find("feedbacks/{int}/{int}") != std::string::npos;
        auto it = ids.find(previous);
        value = std::to_string(by_job ? (ints == 1 ? org.job : org.candidate)
                                      : (it == ids.end() ? 1 : it->second));
      } else if (segment == "{str}") {
        value = "Video%20Interview";
      }
      path += "/" + value;
      if (segment != "{int}") previous = segment;
      start = end + 1;
    }
    const std::string body =
        route.method == "POST" || route.method == "PUT" || route.method == "PATCH" ? "{}" : "";
    auto r =
        server_->request(route.method, path, body, {{"Authorization", "Invitation " + cand.token}});
    if (route.access == api::Access::kPublic) {
      auto anonymous = server_->request(route.method, path, body);
      EXPECT_EQ(r.status, anonymous.status) << route.method << " " << path;
    } else {
      EXPECT_EQ(r.status, 401) << route.method << " " << path << " " << r.body;
      if (route.method != "HEAD") {
        EXPECT_EQ(r.body, msg::kNotProvided) << route.method << " " << path;
      }
    }
    ++checked;
  }
  EXPECT_GT(checked, 80);
  EXPECT_EQ(snapshot(), before);
  EXPECT_EQ(cand.get("session/").status, 200);
}

class CandidateRateLimit : public e2e::SharedServerTest<CandidateRateLimit> {
 public:
  static e2e::ServerOptions server_options() { return e2e::ServerOptions({"--rate-limit", "10"}); }
};

// Each link has its own window, as each user's token has. (The admin's setup takes 9
// of its own 10.)
TEST_F(CandidateRateLimit, CountsPerLink) {
  Org org(*server_);
  auto [id, cand] = org.invited();
  auto [other_id, other] = org.invited({}, org.applied_candidate());
  for (int i = 0; i < 10; ++i) {
    auto r = cand.get("session/");
    ASSERT_EQ(r.status, 200) << i << " " << r.body;
    EXPECT_EQ(r.header("ratelimit-limit"), "10");
  }
  auto r = cand.get("session/");
  EXPECT_EQ(r.status, 429);
  EXPECT_FALSE(r.header("retry-after").empty());
  EXPECT_EQ(other.get("session/").status, 200);
}

}  // namespace
