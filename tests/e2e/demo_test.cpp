// `interviewd demo` on a fresh database, then the server on it: every interview list has
// rows, each step status and question type appears, the visibility rule of feedback shows,
// and the video answer is processed before the server starts. A second run reuses the
// organization with a fresh token.
#include <gtest/gtest.h>

#include <regex>
#include <set>
#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {

using simdjson::dom::element;

constexpr const char* kInterview = "/api/v1/interview/";

e2e::CommandResult run_demo(const e2e::Server& server) {
  return e2e::run_interviewd({"demo", "--database", server.database_url(), "--storage",
                              "file://" + server.dir() + "/media", "--password-cost", "min",
                              "--log-format", "text"});
}

// The invitation token of the candidate's page the demo printed (".../i/<token>").
std::string printed_invitation(const std::string& output) {
  std::smatch m;
  if (!std::regex_search(output, m,
                         std::regex("Candidate's page: +http://[^ \n]+/i/([0-9a-f]+)"))) {
    return "";
  }
  return m[1];
}

// Whether the candidate API takes `token`.
int session_status(const e2e::Server& server, const std::string& token) {
  return server
      .request("GET", "/api/v1/candidate/session/", "", {{"Authorization", "Invitation " + token}})
      .status;
}

// The token the demo printed ("  Token:    ...").
std::string printed_token(const std::string& output) {
  std::smatch m;
  if (!std::regex_search(output, m, std::regex("Token: +([^ \n]+)"))) return "";
  return m[1];
}

e2e::Client login(const e2e::Server& server, const std::string& email) {
  e2e::Client c;
  c.server = &server;
  auto r = server.request("POST", "/api/v1/auth/token/",
                          "{\"email\":" + e2e::quote(email) + ",\"password\":\"demo-password\"}");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status == 200) c.token = std::string(std::string_view(r.json()["token"]));
  return c;
}

std::set<std::string> values_of(const e2e::HttpResponse& r, const char* key) {
  std::set<std::string> out;
  for (element item : r.json().get_array()) out.insert(std::string(std::string_view(item[key])));
  return out;
}

// One demo run for the suite: each test reads what it made (the last one runs it again,
// which changes nothing but the token).
class Demo : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new e2e::Server();
    // The demo runs before the server starts, as scripts/run does.
    server_->stop();
    auto seeded = run_demo(*server_);
    exit_code_ = seeded.exit_code;
    output_ = seeded.output;
    server_->restart({});
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void SetUp() override {
    ASSERT_EQ(exit_code_, 0) << output_;
    admin_.server = server_;
    admin_.token = printed_token(output_);
    ASSERT_FALSE(admin_.token.empty()) << output_;
  }

  inline static e2e::Server* server_ = nullptr;
  inline static int exit_code_ = -1;
  inline static std::string output_;
  e2e::Client admin_;
};

TEST_F(Demo, EveryInterviewListHasRows) {
  EXPECT_NE(output_.find("(created now)"), std::string::npos) << output_;
  for (const char* list : {"list/", "interview-modules/", "question-sets/", "questions/",
                           "interview-steps/", "screenings/", "answers/"}) {
    auto r = admin_.get(std::string(kInterview) + list);
    ASSERT_EQ(r.status, 200) << list << ": " << r.body;
    EXPECT_GT(r.json().get_array().size(), 0u) << list;
  }
  EXPECT_EQ(e2e::ids(admin_.get("/api/v1/jobs/")).size(), 2u);
  // A module on each job, with preferences naming a question set.
  for (auto job : e2e::ids(admin_.get("/api/v1/jobs/"))) {
    auto modules =
        admin_.get(std::string(kInterview) + "job/" + std::to_string(job) + "/interview-modules/");
    ASSERT_EQ(modules.status, 200) << modules.body;
    ASSERT_EQ(modules.json().get_array().size(), 1u);
    element first = modules.json().at(0)["services"].at(0);
    EXPECT_EQ(std::string_view(first["service"]["name"]), "Resume Screening");
    EXPECT_TRUE(first["preferences"]["question_set_id"].is_int64());
  }
  const std::set<std::string> types = {"text",   "single_choice", "multiple_choice",
                                       "rating", "video",         "audio"};
  EXPECT_EQ(values_of(admin_.get(std::string(kInterview) + "questions/"), "type"), types);
  // Alice's submitted interview, and the one the demo invitation opens.
  EXPECT_EQ(values_of(admin_.get(std::string(kInterview) + "screenings/"), "status"),
            (std::set<std::string>{"in_progress", "submitted"}));
}

TEST_F(Demo, EveryStepStatusAppearsWithItsHistory) {
  for (const char* status :
       {"Pending", "In Progress", "Completed", "Shortlisted", "Rejected", "On Hold", "Skipped"}) {
    std::string query = status;
    if (auto space = query.find(' '); space != std::string::npos) query.replace(space, 1, "%20");
    auto steps = admin_.get(std::string(kInterview) + "interview-steps/?status=" + query);
    ASSERT_EQ(steps.status, 200) << steps.body;
    const auto found = e2e::ids(steps);
    ASSERT_FALSE(found.empty()) << status;
    auto history = admin_.get(std::string(kInterview) + "interview-steps/" +
                              std::to_string(found.front()) + "/history/");
    ASSERT_EQ(history.status, 200) << history.body;
    EXPECT_GT(history.json().get_array().size(), 0u) << status;
  }
}

TEST_F(Demo, FeedbackFollowsTheVisibilityRule) {
  const auto interviewer = login(*server_, "demo-interviewer@example.com");
  const auto recruiter = login(*server_, "demo-recruiter@example.com");
  const auto interviewer_id = int64_t(interviewer.get("/api/v1/auth/me/").json()["user"]["id"]);
  std::set<std::string> seen;
  for (auto job : e2e::ids(admin_.get("/api/v1/jobs/"))) {
    const std::string applied = "/api/v1/jobs/" + std::to_string(job) + "/candidates/";
    for (auto candidate : e2e::ids(admin_.get(applied))) {
      const std::string path = std::string(kInterview) + "feedbacks/" + std::to_string(job) + "/" +
                               std::to_string(candidate) + "/";
      auto all = recruiter.get(path);
      if (all.status == 404) continue;
      ASSERT_EQ(all.status, 200) << all.body;
      bool wrote = false;
      for (element f : all.json().get_array())
        wrote = wrote || int64_t(f["author"]) == interviewer_id;
      // Having written their own, the interviewer sees everyone's; before, nothing of others.
      auto theirs = interviewer.get(path);
      if (wrote) {
        ASSERT_EQ(theirs.status, 200) << theirs.body;
        EXPECT_GT(all.json().get_array().size(), 1u);
        EXPECT_EQ(theirs.json().get_array().size(), all.json().get_array().size());
        seen.insert("all");
      } else {
        EXPECT_EQ(theirs.status, 404) << theirs.body;
        seen.insert("none");
      }
    }
  }
  EXPECT_EQ(seen, (std::set<std::string>{"all", "none"}));
}

TEST_F(Demo, TheVideoAnswerIsReadyWhenTheServerStarts) {
  EXPECT_NE(output_.find("Video answer: ready"), std::string::npos) << output_;
  auto answers = admin_.get(std::string(kInterview) + "answers/");
  ASSERT_EQ(answers.status, 200) << answers.body;
  std::set<std::string> kinds;
  std::int64_t video = 0;
  for (element a : answers.json().get_array()) {
    if (!a["text"].is_null()) kinds.insert("text");
    if (!a["choices"].is_null()) kinds.insert("choices");
    if (!a["rating"].is_null()) kinds.insert("rating");
    if (!a["media"].is_null()) {
      kinds.insert("media");
      EXPECT_EQ(std::string_view(a["media"]["status"]), "ready");
      EXPECT_EQ(std::string_view(a["media"]["content_type"]), "video/mp4");
      video = int64_t(a["id"]);
    }
  }
  EXPECT_EQ(kinds, (std::set<std::string>{"text", "choices", "rating", "media"}));
  ASSERT_NE(video, 0);
  const std::string base = std::string(kInterview) + "answers/" + std::to_string(video);
  const std::pair<const char*, const char*> files[] = {
      {"/video/", "video/mp4"}, {"/audio/", "audio/mp4"}, {"/thumbnail/", "image/jpeg"}};
  for (const auto& [file, type] : files) {
    auto r = admin_.get(base + file);
    ASSERT_EQ(r.status, 200) << file << ": " << r.body;
    EXPECT_EQ(r.header("content-type"), type);
    EXPECT_GT(r.body.size(), 100u) << file;
  }
  // The paths the demo prints are served.
  std::smatch m;
  std::string rest = output_;
  int printed = 0;
  while (std::regex_search(rest, m, std::regex("http://[^/ ]+(/api/v1/interview/[^ \n]+)"))) {
    auto r = admin_.get(m[1]);
    EXPECT_EQ(r.status, 200) << m[1] << ": " << r.body;
    ++printed;
    rest = m.suffix();
  }
  EXPECT_GT(printed, 5);
}

TEST_F(Demo, ASecondRunReusesTheOrganizationWithAFreshToken) {
  auto again = run_demo(*server_);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  EXPECT_EQ(again.output.find("(created now)"), std::string::npos) << again.output;
  EXPECT_NE(again.output.find("Video answer: ready"), std::string::npos) << again.output;
  e2e::Client second = admin_;
  second.token = printed_token(again.output);
  EXPECT_NE(second.token, admin_.token);
  auto me = second.get("/api/v1/auth/me/");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(e2e::ids(second.get("/api/v1/jobs/")).size(), 2u);
  EXPECT_EQ(e2e::ids(second.get("/api/v1/users/")).size(), 3u);
}

TEST_F(Demo, EachRunPrintsTheReviewersPageAndAWorkingCandidateLink) {
  EXPECT_NE(output_.find("Reviewers' page:  http://"), std::string::npos) << output_;
  const std::string first = printed_invitation(output_);
  ASSERT_FALSE(first.empty()) << output_;
  EXPECT_EQ(server_->request("GET", "/i/" + first).status, 200);
  // The next run reissues the open invitation: the old link is void, the new one works.
  auto again = run_demo(*server_);
  ASSERT_EQ(again.exit_code, 0) << again.output;
  const std::string second = printed_invitation(again.output);
  ASSERT_FALSE(second.empty()) << again.output;
  EXPECT_NE(second, first);
  EXPECT_EQ(session_status(*server_, second), 200);
  EXPECT_EQ(session_status(*server_, first), 401);
  EXPECT_EQ(server_->request("GET", "/review/").status, 200);
}

}  // namespace
