// /interview/feedbacks/: writing feedback (any role), validation, one per author
// and step or per author, job and candidate (also with 16 clients at once), the
// list of a candidate's feedback and who sees what in it, changing and deleting.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <chrono>
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

constexpr const char* kFeedbacks = "/api/v1/interview/feedbacks/";

std::string feedback_url(std::int64_t id) {
  return kFeedbacks + std::to_string(id) + "/";
}

class Feedback : public e2e::SharedServerTest<Feedback> {
 protected:
  void SetUp() override {
    admin_ = e2e::register_org(*server_, "Feedback Org");
    recruiter_ = e2e::create_user(admin_, "recruiter");
    interviewer_ = e2e::create_user(admin_, "interviewer");
    job_ = e2e::create_job(admin_, "Engineer");
    candidate_ = e2e::create_candidate(admin_, "Casey");
    e2e::apply(admin_, job_, candidate_);
  }

  // A feedback body on the candidate for the job; `extra` adds fields, and a
  // rating or recommendation in it replaces the default one (4, "yes").
  std::string body(const Object& extra = {}, std::int64_t job = 0,
                   std::int64_t candidate = 0) const {
    return Object{{"job", job ? job : job_},
                  {"candidate", candidate ? candidate : candidate_},
                  {"rating", 4},
                  {"recommendation", "yes"}}
        .merge(extra);
  }
  std::int64_t write(const Client& who, const Object& extra = {}) const {
    auto r = who.post(kFeedbacks, body(extra));
    if (r.status != 201) ADD_FAILURE() << r.body;
    return r.status == 201 ? e2e::id_of(r) : 0;
  }
  std::string list_url(std::int64_t job = 0, std::int64_t candidate = 0) const {
    return kFeedbacks + std::to_string(job ? job : job_) + "/" +
           std::to_string(candidate ? candidate : candidate_) + "/";
  }
  // A step of the candidate in a new module of the job.
  std::int64_t make_step(const std::string& service, std::int64_t candidate = 0) const {
    const auto module = e2e::create_module(admin_, job_, {service});
    auto r = admin_.post("/api/v1/interview/interview-steps/",
                         Object{{"module", module},
                                {"job", job_},
                                {"candidate", candidate ? candidate : candidate_},
                                {"service", e2e::service_id(admin_, service)}});
    if (r.status != 201) ADD_FAILURE() << r.body;
    return r.status == 201 ? e2e::id_of(r) : 0;
  }

  Client admin_, recruiter_, interviewer_;
  std::int64_t job_ = 0, candidate_ = 0;
};

TEST_F(Feedback, EveryRoleMayWrite) {
  auto r = interviewer_.post(kFeedbacks, body({{"comments", "  Strong on systems. "},
                                               {"scores", Object{{"design", 5}, {"coding", 3}}}}));
  ASSERT_EQ(r.status, 201) << r.body;
  auto f = r.json();
  EXPECT_EQ(std::int64_t(f["job"]), job_);
  EXPECT_EQ(std::int64_t(f["candidate"]), candidate_);
  EXPECT_TRUE(f["step"].is_null());
  EXPECT_EQ(std::int64_t(f["author"]), interviewer_.user_id);
  EXPECT_EQ(std::int64_t(f["rating"]), 4);
  EXPECT_EQ(std::string_view(f["recommendation"]), "yes");
  EXPECT_EQ(std::string_view(f["comments"]), "Strong on systems.");
  EXPECT_EQ(simdjson::minify(f["scores"]), R"({"design":5,"coding":3})");
  EXPECT_FALSE(std::string_view(f["created_at"]).empty());
  EXPECT_EQ(std::string_view(f["updated_at"]), std::string_view(f["created_at"]));

  for (const Client* who : {&admin_, &recruiter_}) {
    r = who->post(
        kFeedbacks,
        body({{"rating", 1}, {"recommendation", "strong_no"}, {"author", 999}, {"id", 1}}));
    ASSERT_EQ(r.status, 201) << r.body;
    EXPECT_EQ(std::int64_t(r.json()["author"]), who->user_id);  // read-only: ignored
    EXPECT_EQ(std::string_view(r.json()["comments"]), "");
    EXPECT_EQ(simdjson::minify(r.json()["scores"]), "{}");
  }
  EXPECT_EQ(admin_.get(list_url()).header("x-total-count"), "3");

  Client anonymous;
  anonymous.server = server_;
  EXPECT_EQ(anonymous.post(kFeedbacks, body()).status, 401);
}

TEST_F(Feedback, FieldsAreValidated) {
  auto r = admin_.post(kFeedbacks, "{}");
  ASSERT_EQ(r.status, 400);
  for (const char* f : {"job", "candidate", "rating", "recommendation"}) {
    EXPECT_EQ(e2e::errors(r, f), Strings{"This field is required."}) << f;
  }
  for (const char* rating : {"0", "6", "\"5\"", "4.5", "null", "-1"}) {
    r = admin_.post(kFeedbacks, body({{"rating", Json::raw(rating)}}));
    ASSERT_EQ(r.status, 400) << rating << " " << r.body;
    EXPECT_FALSE(e2e::errors(r, "rating").empty()) << rating;
  }
  for (const char* rec : {"\"maybe\"", "\"Yes\"", "\"\"", "1", "null"}) {
    r = admin_.post(kFeedbacks, body({{"recommendation", Json::raw(rec)}}));
    ASSERT_EQ(r.status, 400) << rec << " " << r.body;
    EXPECT_FALSE(e2e::errors(r, "recommendation").empty()) << rec;
  }
  for (const char* scores :
       {"[]", "\"good\"", "5", R"({"design":0})", R"({"design":6})", R"({"design":"3"})",
        R"({"design":2.5})", R"({"":3})", R"({"   ":3})", R"({"design":null})"}) {
    r = admin_.post(kFeedbacks, body({{"scores", Json::raw(scores)}}));
    ASSERT_EQ(r.status, 400) << scores << " " << r.body;
    EXPECT_FALSE(e2e::errors(r, "scores").empty()) << scores;
  }
  r = admin_.post(kFeedbacks, body({{"scores", Object{{std::string(101, 'c'), 3}}}}));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "scores").empty());
  r = admin_.post(kFeedbacks, body({{"comments", 42}}));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "comments").empty());
  r = admin_.post(kFeedbacks, body({{"comments", std::string(10001, 'x')}}));
  ASSERT_EQ(r.status, 400);
  EXPECT_FALSE(e2e::errors(r, "comments").empty());

  // Every bad field at once.
  r = admin_.post(kFeedbacks,
                  R"({"job":"abc","candidate":0,"step":-1,"rating":9,"recommendation":"meh",)"
                  R"("scores":{"x":7}})");
  ASSERT_EQ(r.status, 400) << r.body;
  for (const char* f : {"job", "candidate", "step", "rating", "recommendation", "scores"}) {
    EXPECT_FALSE(e2e::errors(r, f).empty()) << f << " " << r.body;
  }
  // Unknown objects.
  r = admin_.post(kFeedbacks, body({{"step", 999999999}}, 999999999, 999999998));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "job"), Strings{"Invalid pk \"999999999\" - object does not exist."});
  EXPECT_EQ(e2e::errors(r, "candidate"),
            Strings{"Invalid pk \"999999998\" - object does not exist."});
  EXPECT_EQ(e2e::errors(r, "step"), Strings{"Invalid pk \"999999999\" - object does not exist."});

  // Boundaries are fine; a null step is no step.
  r = admin_.post(kFeedbacks, body({{"rating", 5},
                                    {"step", nullptr},
                                    {"scores", Object{{"a", 1}, {"b", 5}}},
                                    {"comments", ""}}));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json()["step"].is_null());
  r = recruiter_.post(kFeedbacks, body({{"rating", 1}, {"recommendation", "strong_yes"}}));
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(admin_.get(list_url()).header("x-total-count"), "2");
}

TEST_F(Feedback, OnePerAuthorAndStepOrJobAndCandidate) {
  const auto first = write(interviewer_);
  auto r = interviewer_.post(kFeedbacks, body({{"rating", 2}, {"recommendation", "no"}}));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "non_field_errors").empty());

  // On a step: one per author and step, besides the one without a step.
  const auto step = make_step("Resume Screening");
  const auto other_step = make_step("Video Interview");
  const Object on_step = {{"step", step}};
  const auto with_step = write(interviewer_, on_step);
  r = interviewer_.post(kFeedbacks, body(on_step));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "non_field_errors").empty());
  r = interviewer_.post(kFeedbacks, body({{"step", std::to_string(step)}}));
  EXPECT_EQ(r.status, 400) << r.body;  // the id as a string is the same step
  const auto with_other_step = write(interviewer_, {{"step", other_step}});
  // Other authors are not limited by it.
  write(admin_, on_step);
  write(admin_);

  auto list = admin_.get(list_url());
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.header("x-total-count"), "5");
  auto mine = interviewer_.get(list_url());
  auto ids = e2e::ids(mine);
  EXPECT_NE(std::find(ids.begin(), ids.end(), first), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), with_step), ids.end());
  EXPECT_NE(std::find(ids.begin(), ids.end(), with_other_step), ids.end());

  // Another candidate's step, or a step of another job: 400 on step.
  const auto bob = e2e::create_candidate(admin_, "Bob");
  e2e::apply(admin_, job_, bob);
  r = recruiter_.post(kFeedbacks, body(on_step, job_, bob));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "step").empty());
  const auto other_job = e2e::create_job(admin_, "Designer");
  e2e::apply(admin_, other_job, candidate_);
  r = recruiter_.post(kFeedbacks, body(on_step, other_job));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "step").empty());
  EXPECT_EQ(admin_.get(list_url(job_, bob)).status, 404);
}

TEST_F(Feedback, ListIsNewestFirstAndMissingIs404) {
  auto r = admin_.get(list_url());
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e2e::text(r, "detail"), "Feedback not found.");
  const auto a = write(admin_);
  const auto b = write(recruiter_);
  const auto c = write(admin_, {{"step", make_step("Resume Screening")}});
  r = admin_.get(list_url());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::ids(r), (Ids{c, b, a}));
  EXPECT_EQ(r.header("x-total-count"), "3");
  r = admin_.get(list_url() + "?limit=2");
  EXPECT_EQ(e2e::ids(r), (Ids{c, b}));
  EXPECT_NE(r.header("link").find("rel=\"next\""), std::string::npos);
  EXPECT_EQ(e2e::ids(admin_.get(list_url() + "?limit=2&offset=2")), Ids{a});

  // Another candidate, another job, unknown ids: none.
  const auto bob = e2e::create_candidate(admin_, "Bob");
  e2e::apply(admin_, job_, bob);
  for (const auto& url : {list_url(job_, bob), list_url(e2e::create_job(admin_, "Other")),
                          list_url(999999999, candidate_), list_url(job_, 999999999)}) {
    r = admin_.get(url);
    EXPECT_EQ(r.status, 404) << url;
    EXPECT_EQ(e2e::text(r, "detail"), "Feedback not found.") << url;
  }
  EXPECT_EQ(admin_.get(std::string(kFeedbacks) + "abc/1/").status, 404);
}

TEST_F(Feedback, InterviewerSeesOthersOnlyAfterWritingTheirOwn) {
  const auto a = write(admin_);
  const auto b = write(recruiter_);
  auto r = interviewer_.get(list_url());
  EXPECT_EQ(r.status, 404) << r.body;
  EXPECT_EQ(e2e::text(r, "detail"), "Feedback not found.");
  // Admins and recruiters see everything.
  EXPECT_EQ(e2e::ids(admin_.get(list_url())), (Ids{b, a}));
  EXPECT_EQ(e2e::ids(recruiter_.get(list_url())), (Ids{b, a}));

  // Feedback on another candidate or job does not open this one.
  const auto bob = e2e::create_candidate(admin_, "Bob");
  e2e::apply(admin_, job_, bob);
  auto on_bob = interviewer_.post(kFeedbacks, body({}, job_, bob));
  ASSERT_EQ(on_bob.status, 201) << on_bob.body;
  EXPECT_EQ(e2e::ids(interviewer_.get(list_url(job_, bob))), Ids{e2e::id_of(on_bob)});
  EXPECT_EQ(interviewer_.get(list_url()).status, 404);

  const auto own = write(interviewer_, {{"step", make_step("Resume Screening")}});
  r = interviewer_.get(list_url());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::ids(r), (Ids{own, b, a}));
  EXPECT_EQ(r.header("x-total-count"), "3");

  // Another interviewer still sees nothing, then only theirs... until they wrote one.
  auto second = e2e::create_user(admin_, "interviewer");
  EXPECT_EQ(second.get(list_url()).status, 404);
  const auto theirs = write(second);
  EXPECT_EQ(e2e::ids(second.get(list_url())), (Ids{theirs, own, b, a}));

  // Once their own is deleted, the others are hidden again.
  ASSERT_EQ(interviewer_.del(feedback_url(own)).status, 204);
  EXPECT_EQ(interviewer_.get(list_url()).status, 404);
}

TEST_F(Feedback, OnlyTheAuthorOrAnAdminChangesIt) {
  const auto id = write(interviewer_, {{"comments", "first"}, {"scores", Object{{"a", 2}}}});
  const std::string created_at{std::string_view(admin_.get(list_url()).json().at(0)["created_at"])};
  // Timestamps have whole seconds: let one pass so that a change shows.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));

  auto r = interviewer_.patch(feedback_url(id),
                              R"({"rating":2,"comments":"second","scores":{"b":5,"c":1}})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["rating"]), 2);
  EXPECT_EQ(e2e::text(r, "comments"), "second");
  EXPECT_EQ(simdjson::minify(r.json()["scores"]), R"({"b":5,"c":1})");
  EXPECT_EQ(e2e::text(r, "recommendation"), "yes");  // not given: kept
  EXPECT_EQ(e2e::text(r, "created_at"), created_at);
  EXPECT_GT(e2e::text(r, "updated_at"), created_at);
  EXPECT_EQ(std::int64_t(r.json()["author"]), interviewer_.user_id);

  // Job, candidate, step and author cannot be changed; bad values are named.
  r = interviewer_.patch(feedback_url(id), R"({"job":999,"candidate":999,"author":1})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["job"]), job_);
  EXPECT_EQ(std::int64_t(r.json()["author"]), interviewer_.user_id);
  r = interviewer_.patch(feedback_url(id), R"({"rating":0,"recommendation":"x","scores":[]})");
  ASSERT_EQ(r.status, 400) << r.body;
  for (const char* f : {"rating", "recommendation", "scores"}) {
    EXPECT_FALSE(e2e::errors(r, f).empty()) << f;
  }

  // Someone else: 403 for a recruiter or another interviewer; an admin may.
  auto second = e2e::create_user(admin_, "interviewer");
  const std::string forbidden = "You do not have permission to perform this action.";
  for (const Client* who : {&recruiter_, &second}) {
    r = who->patch(feedback_url(id), R"({"rating":5})");
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(e2e::text(r, "detail"), forbidden);
    EXPECT_EQ(who->del(feedback_url(id)).status, 403);
  }
  EXPECT_EQ(std::int64_t(admin_.get(list_url()).json().at(0)["rating"]), 2);
  r = admin_.patch(feedback_url(id), R"({"recommendation":"strong_yes"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "recommendation"), "strong_yes");
  EXPECT_EQ(std::int64_t(r.json()["author"]), interviewer_.user_id);

  // Another organization: 404, nothing changes.
  auto other = e2e::register_org(*server_, "Other Org");
  EXPECT_EQ(other.patch(feedback_url(id), R"({"rating":5})").status, 404);
  EXPECT_EQ(other.del(feedback_url(id)).status, 404);
  EXPECT_EQ(other.get(list_url()).status, 404);
  EXPECT_EQ(other.post(kFeedbacks, body()).status, 400);
  EXPECT_EQ(admin_.patch(feedback_url(999999999), R"({"rating":5})").status, 404);
  EXPECT_EQ(std::int64_t(admin_.get(list_url()).json().at(0)["rating"]), 2);

  // Deleting: the author, or an admin.
  const auto by_recruiter = write(recruiter_);
  EXPECT_EQ(admin_.del(feedback_url(by_recruiter)).status, 204);
  auto del = interviewer_.del(feedback_url(id));
  EXPECT_EQ(del.status, 204) << del.body;
  EXPECT_EQ(interviewer_.del(feedback_url(id)).status, 404);
  EXPECT_EQ(admin_.get(list_url()).status, 404);
  // Deleted, the author may write again.
  EXPECT_NE(write(interviewer_), 0);
}

TEST_F(Feedback, SixteenClientsPostTheSameFeedbackAtOnce) {
  const auto step = make_step("Resume Screening");
  for (const Object& extra : {Object{}, Object{{"step", step}}}) {
    std::vector<std::thread> threads;
    std::atomic<int> created{0}, refused{0};
    std::mutex mu;
    std::string unexpected;
    for (int i = 0; i < 16; ++i) {
      threads.emplace_back([&] {
        auto r = interviewer_.post(kFeedbacks, body(extra));
        if (r.status == 201) {
          ++created;
        } else if (r.status == 400 && !e2e::errors(r, "non_field_errors").empty()) {
          ++refused;
        } else {
          std::lock_guard lock(mu);
          unexpected = std::to_string(r.status) + " " + r.body;
        }
      });
    }
    for (auto& t : threads) t.join();
    EXPECT_EQ(created.load(), 1) << extra << " " << unexpected;
    EXPECT_EQ(refused.load(), 15) << extra << " " << unexpected;
  }
  auto list = admin_.get(list_url());
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.header("x-total-count"), "2");
}

// Feedback written while its job is deleted: each request is whole or not at
// all, and never a 500 (the job's feedback goes with it).
TEST_F(Feedback, WritingWhileTheJobIsDeletedIsNeverA500) {
  std::vector<Client> authors = {admin_, recruiter_, interviewer_};
  for (int i = 0; i < 3; ++i) authors.push_back(e2e::create_user(admin_, "interviewer"));
  std::mutex mu;
  std::vector<std::string> unexpected;
  for (int round = 0; round < 20; ++round) {
    const auto job = e2e::create_job(admin_, "Doomed");
    e2e::apply(admin_, job, candidate_);
    std::vector<std::thread> threads;
    int deleted = 0;
    for (const auto& author : authors) {
      threads.emplace_back([&, author] {
        auto r = author.post(kFeedbacks, body({}, job));
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
    });
    for (auto& t : threads) t.join();
    EXPECT_EQ(deleted, 204);
    EXPECT_EQ(admin_.get(list_url(job)).status, 404);
  }
  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << ": " << unexpected.front();
}

}  // namespace
