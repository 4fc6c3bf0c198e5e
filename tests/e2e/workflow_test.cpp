// The workflow endpoints: shortlist, unshortlist, update-step, update-status,
// every precondition, idempotency, 64 clients at once, history, roles.
#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <mutex>
#include <thread>

#include "fixtures.hpp"

namespace {

using e2e::Client;
using e2e::Object;

class Workflow : public e2e::SharedServerTest<Workflow> {
 protected:
  void SetUp() override {
    admin_ = e2e::register_org(*server_, "Workflow Org");
    job_ = e2e::create_job(admin_, "Engineer");
    candidate_ = e2e::create_candidate(admin_, "Casey");
    e2e::apply(admin_, job_, candidate_);
    module_ = e2e::create_module(admin_, job_,
                                 {"Resume Screening", "Personality Test", "Video Interview"});
  }

  Object target(const std::string& service, std::int64_t candidate = 0) const {
    return e2e::workflow_target(candidate ? candidate : candidate_, job_, module_, service);
  }
  e2e::HttpResponse shortlist(const std::string& service = "Resume Screening",
                              std::int64_t candidate = 0) const {
    return admin_.post("/api/v1/interview/shortlist-candidate/", target(service, candidate));
  }
  e2e::HttpResponse action(const std::string& service, const std::string& act,
                           const Object& extra = {}) const {
    return admin_.post("/api/v1/interview/update-step/",
                       target(service).set("action", act).merge(extra));
  }
  // The candidate's steps, as service name → status.
  std::map<std::string, std::string> steps(std::int64_t candidate = 0) const {
    auto r = admin_.get("/api/v1/interview/interview-steps/?candidate_id=" +
                        std::to_string(candidate ? candidate : candidate_));
    std::map<std::string, std::string> out;
    for (auto s : r.json().get_array()) {
      out[std::string(std::string_view(s["service"]["name"]))] =
          std::string(std::string_view(s["status"]));
    }
    return out;
  }
  std::int64_t step_id(const std::string& service) const {
    auto r =
        admin_.get("/api/v1/interview/interview-steps/?candidate_id=" + std::to_string(candidate_));
    for (auto s : r.json().get_array()) {
      if (std::string_view(s["service"]["name"]) == service) return std::int64_t(s["id"]);
    }
    return 0;
  }
  std::string application_status() const {
    auto r = admin_.get("/api/v1/jobs/" + std::to_string(job_) + "/candidates/");
    for (auto c : r.json().get_array()) {
      if (std::int64_t(c["id"]) == candidate_) {
        return std::string(std::string_view(c["application"]["status"]));
      }
    }
    return "";
  }

  Client admin_;
  std::int64_t job_ = 0, candidate_ = 0, module_ = 0;
};

TEST_F(Workflow, ShortlistCreatesStepAndNextOne) {
  auto r = shortlist();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "message"),
            "Resume screening completed successfully. Interview step updated.");
  EXPECT_EQ(std::int64_t(r.json()["candidate"]["id"]), candidate_);
  EXPECT_EQ(std::string_view(r.json()["candidate"]["application"]["status"]), "shortlisted");
  auto s = steps();
  EXPECT_EQ(s, (std::map<std::string, std::string>{{"Resume Screening", "Shortlisted"},
                                                   {"Personality Test", "Pending"}}));
  EXPECT_EQ(std::int64_t(r.json()["interview_step_id"]), step_id("Personality Test"));
  auto rs = admin_.get("/api/v1/interview/interview-steps/" +
                       std::to_string(step_id("Resume Screening")) + "/");
  EXPECT_FALSE(rs.json()["completed_at"].is_null());
}

TEST_F(Workflow, ShortlistByServiceIdAndLastService) {
  const auto video = e2e::service_id(admin_, "Video Interview");
  auto r = admin_.post("/api/v1/interview/shortlist-candidate/",
                       target("").set("service", Object{{"id", video}}));
  ASSERT_EQ(r.status, 200) << r.body;
  // The last service has no next one: the response names its own step.
  EXPECT_EQ(std::int64_t(r.json()["interview_step_id"]), step_id("Video Interview"));
  EXPECT_EQ(steps().size(), 1u);
}

TEST_F(Workflow, ShortlistTwiceLeavesTheRowsOfOnce) {
  ASSERT_EQ(shortlist().status, 200);
  auto first = steps();
  auto again = shortlist();
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(steps(), first);
  auto history = admin_.get("/api/v1/interview/interview-steps/" +
                            std::to_string(step_id("Resume Screening")) + "/history/");
  EXPECT_EQ(history.json().get_array().size(), 1u);
}

TEST_F(Workflow, SixtyFourClientsShortlistAtOnce) {
  std::vector<std::thread> threads;
  std::atomic<int> ok{0}, other{0};
  std::mutex mu;
  std::string unexpected;
  for (int i = 0; i < 64; ++i) {
    threads.emplace_back([&] {
      auto r = shortlist();
      if (r.status == 200) {
        ++ok;
      } else {
        ++other;
        std::lock_guard lock(mu);
        unexpected = std::to_string(r.status) + " " + r.body;
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ok.load(), 64) << unexpected;
  EXPECT_EQ(steps(), (std::map<std::string, std::string>{{"Resume Screening", "Shortlisted"},
                                                         {"Personality Test", "Pending"}}));
  auto list =
      admin_.get("/api/v1/interview/interview-steps/?candidate_id=" + std::to_string(candidate_));
  EXPECT_EQ(list.header("x-total-count"), "2");
}

TEST_F(Workflow, MissingAndMistypedFieldsAreNamed) {
  auto r = admin_.post("/api/v1/interview/shortlist-candidate/", "{}");
  ASSERT_EQ(r.status, 400);
  for (const char* f : {"candidate_id", "job_id", "module_id", "service"}) {
    EXPECT_EQ(e2e::errors(r, f), std::vector<std::string>{"This field is required."}) << f;
  }
  for (const char* bad : {"\"abc\"", "1.5", "-1", "9223372036854775808", "true", "[]"}) {
    const auto b = e2e::Json::raw(bad);
    r = admin_.post(
        "/api/v1/interview/shortlist-candidate/",
        Object{
            {"candidate_id", b}, {"job_id", b}, {"module_id", b}, {"service", Object{{"id", b}}}});
    ASSERT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_FALSE(e2e::errors(r, "candidate_id").empty()) << bad;
    EXPECT_FALSE(e2e::errors(r, "job_id").empty()) << bad;
    EXPECT_FALSE(e2e::errors(r, "module_id").empty()) << bad;
    EXPECT_TRUE(r.json()["service"].is_object()) << bad;
  }
  r = admin_.post("/api/v1/interview/shortlist-candidate/",
                  "{\"candidate_id\":1,\"job_id\":1,\"module_id\":1,\"service\":\"Resume\"}");
  ASSERT_EQ(r.status, 400);
  EXPECT_FALSE(e2e::errors(r, "service").empty());
  r = admin_.post("/api/v1/interview/shortlist-candidate/",
                  "{\"candidate_id\":1,\"job_id\":1,\"module_id\":1,\"service\":{}}");
  ASSERT_EQ(r.status, 400);
  EXPECT_FALSE(e2e::errors(r, "service").empty());
}

TEST_F(Workflow, EachMissingObjectIsNamed) {
  auto post = [&](std::int64_t cand, std::int64_t job, std::int64_t module,
                  const std::string& service) {
    return admin_.post("/api/v1/interview/shortlist-candidate/",
                       e2e::workflow_target(cand, job, module, service));
  };
  auto r = post(999999, job_, module_, "Resume Screening");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e2e::text(r, "detail"), "Candidate not found.");
  r = post(candidate_, 999999, module_, "Resume Screening");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e2e::text(r, "detail"), "Job not found.");
  r = post(candidate_, job_, 999999, "Resume Screening");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e2e::text(r, "detail"), "Module not found.");
  r = post(candidate_, job_, module_, "No Such Service");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e2e::text(r, "detail"), "Service not found.");
  // A service that exists but is not in the module.
  r = post(candidate_, job_, module_, "Live Interview");
  EXPECT_EQ(r.status, 404);
  // A module attached to another job.
  auto other_job = e2e::create_job(admin_, "Other");
  e2e::apply(admin_, other_job, candidate_);
  r = post(candidate_, other_job, module_, "Resume Screening");
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(e2e::errors(r, "module_id").empty());
  // A candidate who has not applied.
  auto stranger = e2e::create_candidate(admin_, "Stranger");
  r = post(stranger, job_, module_, "Resume Screening");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e2e::text(r, "detail"), "Application not found.");
  EXPECT_TRUE(steps(stranger).empty());
}

TEST_F(Workflow, AnotherOrganizationsIdsAreMissingAndNothingChanges) {
  auto other = e2e::register_org(*server_, "Other Org");
  for (const char* path : {"shortlist-candidate/", "unshortlist-candidate/"}) {
    auto r = other.post(std::string("/api/v1/interview/") + path, target("Resume Screening"));
    EXPECT_EQ(r.status, 404) << path << " " << r.body;
  }
  auto r = other.post("/api/v1/interview/update-step/",
                      target("Resume Screening").set("action", "Start"));
  EXPECT_EQ(r.status, 404);
  r = other.patch("/api/v1/interview/update-status/",
                  target("Resume Screening").set("status", "Rejected"));
  EXPECT_EQ(r.status, 404);
  EXPECT_TRUE(steps().empty());
  EXPECT_EQ(application_status(), "applied");
}

TEST_F(Workflow, InterviewerCannotMoveCandidates) {
  auto interviewer = e2e::create_user(admin_, "interviewer");
  auto r = interviewer.post("/api/v1/interview/shortlist-candidate/", target("Resume Screening"));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(e2e::text(r, "detail"), "You do not have permission to perform this action.");
  r = interviewer.post("/api/v1/interview/update-step/",
                       target("Resume Screening").set("action", "Start"));
  EXPECT_EQ(r.status, 403);
  EXPECT_TRUE(steps().empty());
  auto recruiter = e2e::create_user(admin_, "recruiter");
  EXPECT_EQ(
      recruiter.post("/api/v1/interview/shortlist-candidate/", target("Resume Screening")).status,
      200);
}

TEST_F(Workflow, UnshortlistUndoesTheShortlisting) {
  ASSERT_EQ(shortlist().status, 200);
  auto r = admin_.post("/api/v1/interview/unshortlist-candidate/", target("Resume Screening"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "message"), "Candidate unshortlisted successfully");
  EXPECT_EQ(std::string_view(r.json()["candidate"]["application"]["status"]), "applied");
  EXPECT_EQ(steps(), (std::map<std::string, std::string>{{"Resume Screening", "Pending"}}));
  // Sent again: the same rows.
  r = admin_.post("/api/v1/interview/unshortlist-candidate/", target("Resume Screening"));
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(steps().size(), 1u);

  ASSERT_EQ(shortlist().status, 200);
  r = admin_.post("/api/v1/interview/unshortlist-candidate/",
                  target("Resume Screening").set("status", "Rejected"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(steps(), (std::map<std::string, std::string>{{"Resume Screening", "Rejected"}}));
  EXPECT_EQ(application_status(), "rejected");

  r = admin_.post("/api/v1/interview/unshortlist-candidate/",
                  target("Resume Screening").set("status", "Completed"));
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(e2e::errors(r, "status").empty());
}

TEST_F(Workflow, UnshortlistRefusedOnceALaterStepStarted) {
  ASSERT_EQ(shortlist().status, 200);
  ASSERT_EQ(action("Personality Test", "Start").status, 200);
  auto r = admin_.post("/api/v1/interview/unshortlist-candidate/", target("Resume Screening"));
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(steps(), (std::map<std::string, std::string>{{"Resume Screening", "Shortlisted"},
                                                         {"Personality Test", "In Progress"}}));
}

TEST_F(Workflow, StepActions) {
  ASSERT_EQ(shortlist().status, 200);
  auto r = action("Personality Test", "Start");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["message"]["status"]), "In Progress");
  EXPECT_FALSE(r.json()["message"]["started_at"].is_null());
  EXPECT_EQ(application_status(), "in_process");
  // The same action again changes nothing.
  EXPECT_EQ(action("Personality Test", "Start").status, 200);
  r = action("Personality Test", "Skip");
  EXPECT_EQ(r.status, 409) << r.body;
  r = action("Personality Test", "Hold");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(std::string_view(r.json()["message"]["status"]), "On Hold");
  ASSERT_EQ(action("Personality Test", "Start").status, 200);
  r = action("Personality Test", "Complete");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(std::string_view(r.json()["message"]["status"]), "Completed");
  EXPECT_FALSE(r.json()["message"]["completed_at"].is_null());
  EXPECT_EQ(steps()["Video Interview"], "Pending");
  r = action("Personality Test", "Reopen");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(std::string_view(r.json()["message"]["status"]), "In Progress");
  r = action("Video Interview", "Skip");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(std::string_view(r.json()["message"]["status"]), "Skipped");

  auto history = admin_.get("/api/v1/interview/interview-steps/" +
                            std::to_string(step_id("Personality Test")) + "/history/");
  ASSERT_EQ(history.status, 200);
  std::vector<std::string> to;
  for (auto h : history.json().get_array()) {
    to.emplace_back(std::string_view(h["to_status"]));
    EXPECT_EQ(std::int64_t(h["changed_by"]), admin_.user_id);
  }
  EXPECT_EQ(to, (std::vector<std::string>{"Pending", "In Progress", "On Hold", "In Progress",
                                          "Completed", "In Progress"}));
}

TEST_F(Workflow, StepActionErrors) {
  auto r = action("Resume Screening", "Start");
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(e2e::text(r, "detail"), "Step not found.");
  ASSERT_EQ(shortlist().status, 200);
  r = action("Personality Test", "Jump");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "action"), std::vector<std::string>{"\"Jump\" is not a valid choice."});
  r = action("Personality Test", "Start", {{"order", 1}});
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "order").empty());
  r = action("Personality Test", "Start", {{"order", 0}});
  EXPECT_EQ(r.status, 400);
  r = action("Personality Test", "Start", {{"order", 7}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["message"]["order"]), 7);
  EXPECT_EQ(admin_.get("/api/v1/interview/update-step/").status, 405);
  EXPECT_EQ(admin_.send("PUT", "/api/v1/interview/update-step/", "{}").header("allow"), "POST");
}

TEST_F(Workflow, UpdateStatus) {
  auto r = admin_.patch("/api/v1/interview/update-status/",
                        target("Resume Screening").set("status", "Shortlisted"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "message"),
            "Resume screening completed successfully. Interview step updated.");
  EXPECT_EQ(steps()["Personality Test"], "Pending");
  r = admin_.patch("/api/v1/interview/update-status/",
                   target("Personality Test").set("status", "Rejected"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(steps()["Personality Test"], "Rejected");
  EXPECT_EQ(application_status(), "rejected");
  r = admin_.patch("/api/v1/interview/update-status/",
                   target("Personality Test").set("status", "Done"));
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "status"), std::vector<std::string>{"\"Done\" is not a valid choice."});
  EXPECT_EQ(admin_.post("/api/v1/interview/update-status/", "{}").status, 405);
}

}  // namespace

namespace {

// A recruiter's own step (POST interview-steps/), Pending.
std::int64_t own_step(const e2e::Client& admin, std::int64_t module, std::int64_t job,
                      std::int64_t candidate, const std::string& service) {
  auto r = admin.post("/api/v1/interview/interview-steps/",
                      Object{{"module", module},
                             {"job", job},
                             {"candidate", candidate},
                             {"service", e2e::service_id(admin, service)}});
  EXPECT_EQ(r.status, 201) << r.body;
  return std::int64_t(r.json()["id"]);
}

TEST_F(Workflow, UnshortlistKeepsTheRecruitersOwnNextStep) {
  const auto own = own_step(admin_, module_, job_, candidate_, "Personality Test");
  auto r = shortlist();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["interview_step_id"]), own);
  const std::string unshortlist = "/api/v1/interview/unshortlist-candidate/";
  for (int round = 0; round < 2; ++round) {
    r = admin_.post(unshortlist, target("Resume Screening"));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(steps(), (std::map<std::string, std::string>{{"Resume Screening", "Pending"},
                                                           {"Personality Test", "Pending"}}))
        << "round " << round;
    EXPECT_EQ(step_id("Personality Test"), own);
    // Shortlisted again: the step is still the recruiter's, not the shortlisting's.
    r = shortlist();
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(std::int64_t(r.json()["interview_step_id"]), own);
  }
}

TEST_F(Workflow, UnshortlistRemovesOnlyTheStepTheShortlistingCreated) {
  const auto own = own_step(admin_, module_, job_, candidate_, "Video Interview");
  const std::string unshortlist = "/api/v1/interview/unshortlist-candidate/";
  std::int64_t created = 0;
  for (int round = 0; round < 2; ++round) {
    auto r = shortlist();
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(steps(), (std::map<std::string, std::string>{{"Resume Screening", "Shortlisted"},
                                                           {"Personality Test", "Pending"},
                                                           {"Video Interview", "Pending"}}));
    EXPECT_NE(step_id("Personality Test"), created) << "a new step each shortlisting";
    created = step_id("Personality Test");
    r = admin_.post(unshortlist, target("Resume Screening"));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(steps(), (std::map<std::string, std::string>{{"Resume Screening", "Pending"},
                                                           {"Video Interview", "Pending"}}))
        << "round " << round;
    EXPECT_EQ(step_id("Video Interview"), own);
  }
  // Once the recruiter's later step has started, the shortlisting can no longer be undone.
  ASSERT_EQ(shortlist().status, 200);
  ASSERT_EQ(action("Video Interview", "Start").status, 200);
  EXPECT_EQ(admin_.post(unshortlist, target("Resume Screening")).status, 409);
}

// The timestamps follow the status a step moves into, whichever request moves it.
TEST_F(Workflow, SkipStampsCompletedAtAndReopenStartedAt) {
  ASSERT_EQ(shortlist().status, 200);
  auto r = action("Personality Test", "Skip");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["message"]["started_at"].is_null());
  EXPECT_FALSE(r.json()["message"]["completed_at"].is_null());
  r = action("Personality Test", "Reopen");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(r.json()["message"]["started_at"].is_null());
}

}  // namespace
