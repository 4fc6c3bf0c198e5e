// /interview/interview-steps/: create with every precondition, filters, update of
// order and status with their history, delete, roles, other organizations' ids,
// and a job that cannot be deleted while it has steps.
#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fixtures.hpp"

namespace {

using e2e::Client;
using e2e::Json;
using e2e::Object;
using Ids = std::vector<std::int64_t>;
using Strings = std::vector<std::string>;

constexpr const char* kSteps = "/api/v1/interview/interview-steps/";

std::string step_url(std::int64_t id) {
  return kSteps + std::to_string(id) + "/";
}
std::string history_url(std::int64_t id) {
  return step_url(id) + "history/";
}

std::string step_body(std::int64_t module, std::int64_t job, std::int64_t candidate,
                      std::int64_t service, const Object& extra = {}) {
  return Object{{"module", module}, {"job", job}, {"candidate", candidate}, {"service", service}}
      .merge(extra);
}

class Steps : public e2e::SharedServerTest<Steps> {
 protected:
  void SetUp() override {
    admin_ = e2e::register_org(*server_, "Steps Org");
    job_ = e2e::create_job(admin_, "Engineer");
    candidate_ = e2e::create_candidate(admin_, "Casey");
    e2e::apply(admin_, job_, candidate_);
    module_ = e2e::create_module(admin_, job_,
                                 {"Resume Screening", "Personality Test", "Video Interview"});
    resume_ = e2e::service_id(admin_, "Resume Screening");
    personality_ = e2e::service_id(admin_, "Personality Test");
    video_ = e2e::service_id(admin_, "Video Interview");
  }

  e2e::HttpResponse create(std::int64_t service, const Object& extra = {},
                           std::int64_t candidate = 0) const {
    return admin_.post(
        kSteps, step_body(module_, job_, candidate ? candidate : candidate_, service, extra));
  }
  std::int64_t create_id(std::int64_t service, const Object& extra = {},
                         std::int64_t candidate = 0) const {
    auto r = create(service, extra, candidate);
    if (r.status != 201) ADD_FAILURE() << r.body;
    return r.status == 201 ? e2e::id_of(r) : 0;
  }
  std::string total() const { return admin_.get(kSteps).header("x-total-count"); }

  // Twenty rounds of `send(module, candidate)` for six applied candidates at once
  // while a new module of `services` is deleted: every answer is `expected` (never
  // a 500), and no step of the module is left.
  void race_module_deletion(
      const std::vector<std::string>& services, const std::vector<int>& expected,
      const std::function<e2e::HttpResponse(std::int64_t, std::int64_t)>& send) const {
    std::vector<std::int64_t> candidates;
    for (int i = 0; i < 6; ++i) {
      candidates.push_back(e2e::create_candidate(admin_, "Racer"));
      e2e::apply(admin_, job_, candidates.back());
    }
    std::vector<std::string> unexpected;
    for (int round = 0; round < 20; ++round) {
      const auto module = e2e::create_module(admin_, job_, services);
      const auto found = e2e::race_with_deletion(
          candidates.size(), [&](std::size_t i) { return send(module, candidates[i]); }, expected,
          [&] {
            return admin_.del("/api/v1/interview/interview-modules/" + std::to_string(module) +
                              "/");
          });
      unexpected.insert(unexpected.end(), found.begin(), found.end());
      EXPECT_EQ(admin_.get(std::string(kSteps) + "?module_id=" + std::to_string(module))
                    .header("x-total-count"),
                "0")
          << round;
    }
    EXPECT_TRUE(unexpected.empty()) << unexpected.size() << ": " << unexpected.front();
  }

  Client admin_;
  std::int64_t job_ = 0, candidate_ = 0, module_ = 0;
  std::int64_t resume_ = 0, personality_ = 0, video_ = 0;
};

TEST_F(Steps, CreateAndRetrieve) {
  auto r = create(personality_);
  ASSERT_EQ(r.status, 201) << r.body;
  auto s = r.json();
  const auto id = std::int64_t(s["id"]);
  EXPECT_EQ(std::int64_t(s["module"]), module_);
  EXPECT_EQ(std::int64_t(s["job"]), job_);
  EXPECT_EQ(std::int64_t(s["candidate"]), candidate_);
  EXPECT_EQ(std::int64_t(s["service"]["id"]), personality_);
  EXPECT_EQ(std::string_view(s["service"]["name"]), "Personality Test");
  EXPECT_EQ(std::string_view(s["service"]["kind"]), "personality");
  EXPECT_TRUE(bool(s["service"]["is_builtin"]));
  EXPECT_EQ(std::int64_t(s["order"]), 2);  // the service's order in the module
  EXPECT_EQ(std::string_view(s["status"]), "Pending");
  EXPECT_TRUE(s["started_at"].is_null());
  EXPECT_TRUE(s["completed_at"].is_null());
  EXPECT_FALSE(std::string_view(s["created_at"]).empty());
  EXPECT_FALSE(std::string_view(s["updated_at"]).empty());
  EXPECT_EQ(std::int64_t(s["updated_by"]), admin_.user_id);

  auto got = admin_.get(step_url(id));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(simdjson::minify(got.json()), simdjson::minify(s));
  auto history = admin_.get(history_url(id));
  ASSERT_EQ(history.status, 200);
  ASSERT_EQ(history.json().get_array().size(), 1u);
  auto h = history.json().at(0);
  EXPECT_EQ(std::int64_t(h["step"]), id);
  EXPECT_TRUE(h["from_status"].is_null());
  EXPECT_EQ(std::string_view(h["to_status"]), "Pending");
  EXPECT_EQ(std::int64_t(h["changed_by"]), admin_.user_id);
  EXPECT_EQ(history.header("x-total-count"), "1");

  // An explicit order and status; the status sets its timestamp.
  r = create(video_, {{"order", 9}, {"status", "In Progress"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["order"]), 9);
  EXPECT_EQ(std::string_view(r.json()["status"]), "In Progress");
  EXPECT_FALSE(r.json()["started_at"].is_null());
  EXPECT_TRUE(r.json()["completed_at"].is_null());
  r = create(resume_, {{"status", "Completed"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(r.json()["completed_at"].is_null());
  EXPECT_EQ(std::int64_t(r.json()["order"]), 1);
}

TEST_F(Steps, EveryFieldIsValidated) {
  auto r = admin_.post(kSteps, "{}");
  ASSERT_EQ(r.status, 400);
  for (const char* f : {"module", "job", "candidate", "service"}) {
    EXPECT_EQ(e2e::errors(r, f), Strings{"This field is required."}) << f;
  }
  for (const char* bad : {"\"abc\"", "0", "-1", "1.5", "9223372036854775808", "true", "null"}) {
    const auto b = Json::raw(bad);
    r = admin_.post(kSteps, Object{{"module", b}, {"job", b}, {"candidate", b}, {"service", b}});
    ASSERT_EQ(r.status, 400) << bad << " " << r.body;
    for (const char* f : {"module", "job", "candidate", "service"}) {
      EXPECT_FALSE(e2e::errors(r, f).empty()) << bad << " " << f;
    }
  }
  r = create(resume_, {{"order", 0}, {"status", "Done"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "order").empty());
  EXPECT_EQ(e2e::errors(r, "status"), Strings{"\"Done\" is not a valid choice."});
  r = create(resume_, {{"order", "2"}, {"status", "pending"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "order").empty());
  EXPECT_FALSE(e2e::errors(r, "status").empty());
  EXPECT_EQ(total(), "0");
}

TEST_F(Steps, EachUnknownPrimaryKeyIsNamed) {
  const std::int64_t missing = 999999999;
  const std::string invalid = "Invalid pk \"999999999\" - object does not exist.";
  auto r = admin_.post(kSteps, step_body(missing, job_, candidate_, resume_));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "module"), Strings{invalid});
  r = admin_.post(kSteps, step_body(module_, missing, candidate_, resume_));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "job"), Strings{invalid});
  r = admin_.post(kSteps, step_body(module_, job_, missing, resume_));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "candidate"), Strings{invalid});
  r = admin_.post(kSteps, step_body(module_, job_, candidate_, missing));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "service"), Strings{invalid});
  r = admin_.post(kSteps, step_body(missing, missing, missing, missing));
  ASSERT_EQ(r.status, 400) << r.body;
  for (const char* f : {"module", "job", "candidate", "service"}) {
    EXPECT_EQ(e2e::errors(r, f), Strings{invalid}) << f;
  }
  EXPECT_EQ(total(), "0");
}

TEST_F(Steps, ModuleServiceAndApplicationMustFit) {
  // A service that exists but is not in the module.
  auto r = create(e2e::service_id(admin_, "Live Interview"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "service").empty());
  // A candidate who has not applied to the job.
  const auto stranger = e2e::create_candidate(admin_, "Stranger");
  r = create(resume_, {}, stranger);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "candidate").empty());
  // A module attached to another job (the candidate applied to both).
  const auto other_job = e2e::create_job(admin_, "Designer");
  e2e::apply(admin_, other_job, candidate_);
  r = admin_.post(kSteps, step_body(module_, other_job, candidate_, resume_));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "module").empty());
  // A module attached to no job.
  auto loose =
      admin_.post("/api/v1/interview/interview-modules/",
                  R"({"name":"Loose","services":[{"service_name":"Resume Screening","order":1}]})");
  ASSERT_EQ(loose.status, 201) << loose.body;
  r = admin_.post(kSteps, step_body(e2e::id_of(loose), job_, candidate_, resume_));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "module").empty());
  EXPECT_EQ(total(), "0");
}

TEST_F(Steps, DuplicateAndTakenOrder) {
  const auto first = create_id(resume_);
  auto r = create(resume_);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "non_field_errors").empty());
  r = create(resume_, {{"order", 5}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "non_field_errors").empty());
  // Another service at an order the candidate's first step holds.
  r = create(video_, {{"order", 1}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "order").empty());
  EXPECT_EQ(e2e::ids(admin_.get(kSteps)), Ids{first});
  // The same order for another candidate is fine.
  const auto other = e2e::create_candidate(admin_, "Other");
  e2e::apply(admin_, job_, other);
  EXPECT_EQ(create(video_, {{"order", 1}}, other).status, 201);
  EXPECT_EQ(admin_.get(history_url(first)).header("x-total-count"), "1");
}

TEST_F(Steps, Filters) {
  const auto other_job = e2e::create_job(admin_, "Designer");
  const auto other_module = e2e::create_module(admin_, other_job, {"Resume Screening"});
  const auto bob = e2e::create_candidate(admin_, "Bob");
  e2e::apply(admin_, job_, bob);
  e2e::apply(admin_, other_job, bob);
  const auto a = create_id(resume_);                                    // candidate, job, Pending
  const auto b = create_id(personality_, {{"status", "In Progress"}});  // candidate, job
  const auto c = create_id(resume_, {{"status", "In Progress"}}, bob);  // bob, job
  auto r = admin_.post(kSteps,
                       step_body(other_module, other_job, bob, resume_, {{"status", "Rejected"}}));
  ASSERT_EQ(r.status, 201) << r.body;
  const auto d = e2e::id_of(r);  // bob, other job

  auto list = [&](const std::string& query) {
    auto res = admin_.get(kSteps + query);
    EXPECT_EQ(res.status, 200) << query << " " << res.body;
    EXPECT_EQ(res.header("x-total-count"), std::to_string(e2e::ids(res).size())) << query;
    return e2e::ids(res);
  };
  const auto cand = std::to_string(candidate_);
  EXPECT_EQ(list(""), (Ids{a, b, c, d}));
  EXPECT_EQ(list("?candidate_id=" + cand), (Ids{a, b}));
  EXPECT_EQ(list("?candidate_id=" + std::to_string(bob)), (Ids{c, d}));
  EXPECT_EQ(list("?job_id=" + std::to_string(job_)), (Ids{a, b, c}));
  EXPECT_EQ(list("?module_id=" + std::to_string(other_module)), (Ids{d}));
  EXPECT_EQ(list("?status=Pending"), (Ids{a}));
  EXPECT_EQ(list("?status=In%20Progress"), (Ids{b, c}));
  EXPECT_EQ(list("?status=In+Progress"), (Ids{b, c}));
  EXPECT_EQ(list("?status=In%20Progress&candidate_id=" + cand), (Ids{b}));
  EXPECT_EQ(list("?candidate_id=" + std::to_string(bob) + "&job_id=" + std::to_string(job_) +
                 "&module_id=" + std::to_string(module_) + "&status=In%20Progress"),
            (Ids{c}));
  EXPECT_EQ(list("?job_id=" + std::to_string(other_job) + "&module_id=" + std::to_string(module_)),
            Ids{});
  EXPECT_EQ(list("?candidate_id=999999999"), Ids{});
  EXPECT_EQ(list("?candidate_id="), (Ids{a, b, c, d}));  // empty: no filter

  // Pagination keeps the filter in the next link.
  r = admin_.get(std::string(kSteps) + "?job_id=" + std::to_string(job_) + "&limit=2");
  EXPECT_EQ(e2e::ids(r), (Ids{a, b}));
  EXPECT_EQ(r.header("x-total-count"), "3");
  EXPECT_NE(r.header("link").find("job_id=" + std::to_string(job_)), std::string::npos)
      << r.header("link");
  EXPECT_NE(r.header("link").find("offset=2"), std::string::npos) << r.header("link");

  // Bad values name their parameter, all at once.
  for (const char* q : {"?candidate_id=abc", "?job_id=0", "?module_id=-1", "?status=Done",
                        "?status=pending", "?candidate_id=1.5"}) {
    auto bad = admin_.get(kSteps + std::string(q));
    ASSERT_EQ(bad.status, 400) << q << " " << bad.body;
    const std::string param(q + 1, std::string_view(q + 1).find('='));
    EXPECT_FALSE(e2e::errors(bad, param.c_str()).empty()) << q << " " << bad.body;
  }
  r = admin_.get(std::string(kSteps) + "?candidate_id=x&job_id=y&module_id=z&status=w");
  ASSERT_EQ(r.status, 400);
  for (const char* p : {"candidate_id", "job_id", "module_id", "status"}) {
    EXPECT_FALSE(e2e::errors(r, p).empty()) << p;
  }
}

TEST_F(Steps, UpdateOrderAndStatusWithHistory) {
  const auto id = create_id(resume_);
  const auto other = create_id(personality_);
  auto recruiter = e2e::create_user(admin_, "recruiter");

  auto r = recruiter.patch(step_url(id), R"({"status":"In Progress"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["status"]), "In Progress");
  EXPECT_FALSE(r.json()["started_at"].is_null());
  EXPECT_EQ(std::int64_t(r.json()["updated_by"]), recruiter.user_id);
  EXPECT_EQ(std::int64_t(r.json()["order"]), 1);

  r = admin_.put(step_url(id), R"({"status":"Completed","order":4})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["status"]), "Completed");
  EXPECT_EQ(std::int64_t(r.json()["order"]), 4);
  EXPECT_FALSE(r.json()["completed_at"].is_null());
  EXPECT_EQ(std::int64_t(r.json()["updated_by"]), admin_.user_id);
  // Read-only and unchangeable fields are ignored.
  r = admin_.patch(
      step_url(id),
      Object{{"module", 999}, {"job", 999}, {"candidate", 999}, {"service", video_}, {"id", 5}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["id"]), id);
  EXPECT_EQ(std::int64_t(r.json()["job"]), job_);
  EXPECT_EQ(std::int64_t(r.json()["service"]["id"]), resume_);
  // The same status again, or an order change only, is no status change.
  ASSERT_EQ(admin_.patch(step_url(id), R"({"status":"Completed"})").status, 200);
  ASSERT_EQ(admin_.patch(step_url(id), R"({"order":3})").status, 200);

  // An order another step of the candidate holds, bad values: 400, nothing changes.
  r = admin_.patch(step_url(id), R"({"order":2,"status":"Rejected"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "order").empty());
  r = admin_.patch(step_url(id), R"({"order":0,"status":"Done"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "order").empty());
  EXPECT_FALSE(e2e::errors(r, "status").empty());
  auto got = admin_.get(step_url(id));
  EXPECT_EQ(std::string_view(got.json()["status"]), "Completed");
  EXPECT_EQ(std::int64_t(got.json()["order"]), 3);
  EXPECT_EQ(std::int64_t(admin_.get(step_url(other)).json()["order"]), 2);

  auto history = admin_.get(history_url(id));
  ASSERT_EQ(history.status, 200);
  std::vector<std::pair<std::string, std::string>> moves;
  std::vector<std::int64_t> by;
  for (auto h : history.json().get_array()) {
    moves.emplace_back(
        h["from_status"].is_null() ? "null" : std::string(std::string_view(h["from_status"])),
        std::string(std::string_view(h["to_status"])));
    by.push_back(std::int64_t(h["changed_by"]));
  }
  EXPECT_EQ(moves,
            (std::vector<std::pair<std::string, std::string>>{
                {"null", "Pending"}, {"Pending", "In Progress"}, {"In Progress", "Completed"}}));
  EXPECT_EQ(by, (Ids{admin_.user_id, recruiter.user_id, admin_.user_id}));
  EXPECT_EQ(admin_.get(history_url(other)).header("x-total-count"), "1");
  EXPECT_EQ(admin_.patch(step_url(999999999), R"({"status":"Completed"})").status, 404);
}

TEST_F(Steps, Delete) {
  const auto id = create_id(resume_);
  const auto keep = create_id(personality_);
  ASSERT_EQ(admin_.patch(step_url(id), R"({"status":"In Progress"})").status, 200);
  auto r = admin_.del(step_url(id));
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(admin_.get(step_url(id)).status, 404);
  EXPECT_EQ(admin_.get(history_url(id)).status, 404);
  EXPECT_EQ(admin_.del(step_url(id)).status, 404);
  EXPECT_EQ(e2e::ids(admin_.get(kSteps)), Ids{keep});
  // The service can have a step again.
  EXPECT_EQ(create(resume_).status, 201);
}

TEST_F(Steps, InterviewerReadsButCannotWrite) {
  const auto id = create_id(resume_);
  auto interviewer = e2e::create_user(admin_, "interviewer");
  EXPECT_EQ(e2e::ids(interviewer.get(kSteps)), Ids{id});
  EXPECT_EQ(interviewer.get(step_url(id)).status, 200);
  EXPECT_EQ(interviewer.get(history_url(id)).status, 200);
  const std::string forbidden = "You do not have permission to perform this action.";
  auto r = interviewer.post(kSteps, step_body(module_, job_, candidate_, personality_));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(e2e::text(r, "detail"), forbidden);
  r = interviewer.put(step_url(id), R"({"status":"Rejected"})");
  EXPECT_EQ(r.status, 403);
  r = interviewer.patch(step_url(id), R"({"status":"Rejected","order":7})");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(e2e::text(r, "detail"), forbidden);
  EXPECT_EQ(interviewer.del(step_url(id)).status, 403);
  auto got = admin_.get(step_url(id));
  EXPECT_EQ(std::string_view(got.json()["status"]), "Pending");
  EXPECT_EQ(std::int64_t(got.json()["order"]), 1);
  EXPECT_EQ(total(), "1");
  EXPECT_EQ(admin_.get(history_url(id)).header("x-total-count"), "1");
  // A recruiter may write.
  auto recruiter = e2e::create_user(admin_, "recruiter");
  EXPECT_EQ(recruiter.post(kSteps, step_body(module_, job_, candidate_, personality_)).status, 201);
  EXPECT_EQ(recruiter.del(step_url(id)).status, 204);
}

TEST_F(Steps, AnotherOrganizationsIdsAreMissing) {
  const auto id = create_id(resume_);
  const auto before = admin_.get(step_url(id)).body;
  auto other = e2e::register_org(*server_, "Other Org");
  EXPECT_EQ(other.get(step_url(id)).status, 404);
  EXPECT_EQ(other.put(step_url(id), R"({"status":"Rejected"})").status, 404);
  EXPECT_EQ(other.patch(step_url(id), R"({"status":"Rejected","order":8})").status, 404);
  EXPECT_EQ(other.del(step_url(id)).status, 404);
  auto h = other.get(history_url(id));
  EXPECT_EQ(h.status, 404);
  EXPECT_EQ(e2e::text(h, "detail"), e2e::text(admin_.get(history_url(999999999)), "detail"));
  auto list = other.get(kSteps + std::string("?candidate_id=") + std::to_string(candidate_));
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.header("x-total-count"), "0");
  EXPECT_EQ(other.get(kSteps).header("x-total-count"), "0");

  // Creating a step from another organization with these ids: each is invalid.
  auto r = other.post(kSteps, step_body(module_, job_, candidate_, resume_));
  ASSERT_EQ(r.status, 400) << r.body;
  for (const char* f : {"module", "job", "candidate"}) {
    EXPECT_FALSE(e2e::errors(r, f).empty()) << f << " " << r.body;
  }
  EXPECT_TRUE(e2e::errors(r, "service").empty()) << r.body;  // built-in: everyone's
  // An organization's own service is not another's.
  auto own = admin_.post("/api/v1/services/", R"({"name":"Own Round","kind":"assessment"})");
  ASSERT_EQ(own.status, 201);
  const auto their_job = e2e::create_job(other, "Theirs");
  const auto their_candidate = e2e::create_candidate(other, "Theirs");
  e2e::apply(other, their_job, their_candidate);
  const auto their_module = e2e::create_module(other, their_job, {"Resume Screening"});
  r = other.post(kSteps, step_body(their_module, their_job, their_candidate, e2e::id_of(own)));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "service").empty());

  EXPECT_EQ(admin_.get(step_url(id)).body, before);
  EXPECT_EQ(total(), "1");
  EXPECT_EQ(admin_.get(history_url(id)).header("x-total-count"), "1");
}

TEST_F(Steps, JobWithStepsCannotBeDeleted) {
  const auto id = create_id(resume_);
  const std::string job_url = "/api/v1/jobs/" + std::to_string(job_) + "/";
  auto r = admin_.del(job_url);
  EXPECT_EQ(r.status, 409) << r.body;
  EXPECT_TRUE(r.json()["detail"].is_string());
  EXPECT_EQ(admin_.get(job_url).status, 200);
  EXPECT_EQ(admin_.get(step_url(id)).status, 200);
  // Without its steps it can go; its modules stay, detached.
  ASSERT_EQ(admin_.del(step_url(id)).status, 204);
  EXPECT_EQ(admin_.del(job_url).status, 204);
  EXPECT_EQ(admin_.get(job_url).status, 404);
  auto m = admin_.get("/api/v1/interview/interview-modules/" + std::to_string(module_) + "/");
  ASSERT_EQ(m.status, 200);
  EXPECT_TRUE(m.json()["job"].is_null());
}

TEST_F(Steps, ConcurrentChangesKeepHistoryAndOrdersConsistent) {
  const auto id = create_id(resume_);
  const auto other = create_id(personality_);
  const std::vector<std::string> statuses = {"In Progress", "On Hold", "Completed", "Rejected"};
  std::mutex mu;
  std::vector<std::string> unexpected;
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto r = admin_.patch(step_url(id), Object{{"status", statuses[i % 4]}});
      if (r.status != 200) {
        std::lock_guard lock(mu);
        unexpected.push_back(std::to_string(r.status) + " " + r.body);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << ": " << unexpected.front();
  // Each change starts where the one before it ended, and ends at the status.
  auto history = admin_.get(history_url(id) + "?limit=1000");
  ASSERT_EQ(history.status, 200);
  std::string last = "null";
  int broken = 0;
  for (auto h : history.json().get_array()) {
    const std::string from =
        h["from_status"].is_null() ? "null" : std::string(std::string_view(h["from_status"]));
    broken += from != last;
    last = std::string(std::string_view(h["to_status"]));
  }
  EXPECT_EQ(broken, 0) << history.body;
  EXPECT_EQ(last, std::string(std::string_view(admin_.get(step_url(id)).json()["status"])));

  // Two steps moved to the same free order at once: one of them gets it.
  for (int round = 0; round < 8; ++round) {
    const std::string order = Object{{"order", 100 + round}};
    std::vector<int> codes(2);
    std::thread a([&] { codes[0] = admin_.patch(step_url(id), order).status; });
    std::thread b([&] { codes[1] = admin_.patch(step_url(other), order).status; });
    a.join();
    b.join();
    std::sort(codes.begin(), codes.end());
    EXPECT_EQ(codes, (std::vector<int>{200, 400})) << round;
    EXPECT_NE(std::int64_t(admin_.get(step_url(id)).json()["order"]),
              std::int64_t(admin_.get(step_url(other)).json()["order"]))
        << round;
  }
}

// Steps created while their job is deleted: the job goes (204) or stays with
// its steps (409); never a 500, never a step without its job.
TEST_F(Steps, CreatingStepsWhileTheJobIsDeleted) {
  std::vector<std::int64_t> candidates;
  for (int i = 0; i < 6; ++i) candidates.push_back(e2e::create_candidate(admin_, "Racer"));
  std::mutex mu;
  std::vector<std::string> unexpected;
  for (int round = 0; round < 20; ++round) {
    const auto job = e2e::create_job(admin_, "Doomed");
    for (auto c : candidates) e2e::apply(admin_, job, c);
    const auto module = e2e::create_module(admin_, job, {"Resume Screening"});
    std::vector<std::thread> threads;
    int deleted = 0;
    for (auto c : candidates) {
      threads.emplace_back([&, c] {
        auto r = admin_.post(kSteps, step_body(module, job, c, resume_));
        if (r.status != 201 && r.status != 400) {
          std::lock_guard lock(mu);
          unexpected.push_back(std::to_string(r.status) + " " + r.body);
        }
      });
    }
    threads.emplace_back([&] {
      auto r = admin_.del("/api/v1/jobs/" + std::to_string(job) + "/");
      std::lock_guard lock(mu);
      deleted = r.status;
      if (r.status != 204 && r.status != 409)
        unexpected.push_back(std::to_string(r.status) + " " + r.body);
    });
    for (auto& t : threads) t.join();
    const auto steps = admin_.get(std::string(kSteps) + "?job_id=" + std::to_string(job));
    if (deleted == 204) {
      EXPECT_EQ(steps.header("x-total-count"), "0") << round;
    } else {
      EXPECT_NE(steps.header("x-total-count"), "0") << round;
      EXPECT_EQ(admin_.get("/api/v1/jobs/" + std::to_string(job) + "/").status, 200);
    }
  }
  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << ": " << unexpected.front();
}

// Steps created while their module is deleted: they go with it, or are refused
// with 400; never a 500.
TEST_F(Steps, CreatingStepsWhileTheModuleIsDeleted) {
  race_module_deletion({"Resume Screening"}, {201, 400}, [&](std::int64_t module, std::int64_t c) {
    return admin_.post(kSteps, step_body(module, job_, c, resume_));
  });
}

// The workflow writing a candidate's steps while the module is deleted: the
// steps go with the module, or the request finds no module; never a 500.
TEST_F(Steps, WorkflowWhileTheModuleIsDeleted) {
  race_module_deletion({"Resume Screening", "Video Interview"}, {200, 404},
                       [&](std::int64_t module, std::int64_t c) {
                         return admin_.post(
                             "/api/v1/interview/shortlist-candidate/",
                             e2e::workflow_target(c, job_, module, "Resume Screening"));
                       });
}

}  // namespace
