// /interview/screenings/: creation (service by id, name or object; the module
// preferences' question set as default), every invalid reference, filters,
// pagination, changing the question set until answers exist, submit, delete with
// the answers, roles, other organizations' ids.
#include <gtest/gtest.h>

#include <chrono>
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

constexpr const char* kScreenings = "/api/v1/interview/screenings/";

std::string screening_url(std::int64_t id) {
  return kScreenings + std::to_string(id) + "/";
}

class Screenings : public e2e::SharedServerTest<Screenings> {
 protected:
  // A job with an applied candidate and a module of two services: "Resume
  // Screening" without preferences, "Video Interview" whose preferences name
  // `preferred_`.
  void SetUp() override {
    admin_ = e2e::register_org(*server_, e2e::unique("Screenings Org"));
    job_ = e2e::create_job(admin_);
    candidate_ = e2e::create_candidate(admin_, "Casey");
    e2e::apply(admin_, job_, candidate_);
    set_ = e2e::create_question_set(admin_, "Chosen");
    preferred_ = e2e::create_question_set(admin_, "Preferred");
    auto m = admin_.post(
        "/api/v1/interview/interview-modules/",
        Object{{"name", "Module"},
               {"job", job_},
               {"services",
                e2e::array({Object{{"service_name", "Resume Screening"},
                                   {"order", 1},
                                   {"preferences", Object{}}},
                            Object{{"service_name", "Video Interview"},
                                   {"order", 2},
                                   {"preferences", Object{{"question_set_id", preferred_}}}}})}});
    ASSERT_EQ(m.status, 201) << m.body;
    module_ = e2e::id_of(m);
  }

  // The body members naming this fixture's candidate, job and module.
  Object target(std::int64_t candidate = 0) const {
    return {{"candidate_id", candidate ? candidate : candidate_},
            {"job_id", job_},
            {"module_id", module_}};
  }
  e2e::HttpResponse post(const Json& service, const Object& extra = {}) const {
    return admin_.post(kScreenings, target().set("service", service).merge(extra));
  }
  std::int64_t screening(std::int64_t question_set = 0) const {
    return e2e::create_screening(admin_, candidate_, job_, module_, "Video Interview",
                                 question_set ? question_set : set_);
  }

  Client admin_;
  std::int64_t job_ = 0, candidate_ = 0, module_ = 0, set_ = 0, preferred_ = 0;
};

TEST_F(Screenings, CreateAndRetrieve) {
  auto r =
      post("Video Interview", {{"question_set_id", set_}, {"status", "submitted"}, {"id", 77}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_NE(e2e::id_of(r), 77);
  EXPECT_EQ(std::int64_t(r.json()["candidate"]), candidate_);
  EXPECT_EQ(std::int64_t(r.json()["job"]), job_);
  EXPECT_EQ(std::int64_t(r.json()["module"]), module_);
  EXPECT_EQ(std::int64_t(r.json()["service"]), e2e::service_id(admin_, "Video Interview"));
  EXPECT_EQ(std::int64_t(r.json()["question_set"]), set_);
  EXPECT_EQ(e2e::text(r, "status"), "in_progress");
  EXPECT_EQ(e2e::text(r, "created_at").back(), 'Z');
  EXPECT_TRUE(r.json()["submitted_at"].is_null());
  auto got = admin_.get(screening_url(e2e::id_of(r)));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, r.body);
  EXPECT_EQ(admin_.get(std::string(kScreenings) + std::to_string(e2e::id_of(r))).body, r.body);
}

TEST_F(Screenings, TheServiceByIdNameOrObject) {
  const auto video = e2e::service_id(admin_, "Video Interview");
  const auto resume = e2e::service_id(admin_, "Resume Screening");
  const Object set = {{"question_set_id", set_}};
  for (const auto& [service, expected] :
       std::vector<std::pair<Json, std::int64_t>>{{video, video},
                                                  {"Resume Screening", resume},
                                                  {Object{{"id", resume}}, resume},
                                                  {Object{{"id", std::to_string(video)}}, video},
                                                  {Object{{"name", "Video Interview"}}, video}}) {
    auto r = post(service, set);
    ASSERT_EQ(r.status, 201) << service << " " << r.body;
    EXPECT_EQ(std::int64_t(r.json()["service"]), expected) << service;
  }

  // Each bad form, and the whole error body it gets.
  for (const auto& [service, expected] : std::vector<std::pair<std::string, std::string>>{
           {"true", R"({"service":["Incorrect type. Expected pk value, received bool."]})"},
           {"[1]", R"({"service":["Incorrect type. Expected pk value, received list."]})"},
           {"null", R"({"service":["This field may not be null."]})"},
           {"\"\"", R"({"service":["This field may not be blank."]})"},
           {"{}", R"({"service":["Give the service's id or name."]})"},
           {"{\"id\":\"x\"}",
            R"({"service":{"id":["Incorrect type. Expected pk value, received str."]}})"},
           {"{\"name\":5}", R"({"service":{"name":["Not a valid string."]}})"},
           {"\"Nope\"", R"({"service":["Object with name=Nope does not exist."]})"},
           {"{\"name\":\"Nope\"}", R"({"service":["Object with name=Nope does not exist."]})"},
           {"987654", R"({"service":["Invalid pk \"987654\" - object does not exist."]})"},
           {"0", R"({"service":["Invalid pk \"0\" - object does not exist."]})"},
       }) {
    auto r = post(Json::raw(service), set);
    ASSERT_EQ(r.status, 400) << service << " " << r.body;
    EXPECT_EQ(r.body, expected) << service;
  }
  // A service that exists but is not in the module.
  auto r = post("Live Interview", set);
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "service"), Strings{"The module has no such service."});
  EXPECT_EQ(admin_.get(kScreenings).header("x-total-count"), "5");
}

TEST_F(Screenings, TheQuestionSetDefaultsToTheModulePreferences) {
  auto r = post("Video Interview");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["question_set"]), preferred_);
  r = post("Video Interview", {{"question_set_id", nullptr}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["question_set"]), preferred_);
  // A given one wins.
  r = post("Video Interview", {{"question_set_id", set_}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["question_set"]), set_);

  // No preference for the service: the question set must be given.
  r = post("Resume Screening");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"question_set_id":["This field is required."]})");
  r = post("Resume Screening", {{"question_set_id", preferred_}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(admin_.get(kScreenings).header("x-total-count"), "4");
}

TEST_F(Screenings, EveryBadReferenceIsNamed) {
  auto r = admin_.post(kScreenings, "{}");
  ASSERT_EQ(r.status, 400);
  for (const char* field : {"candidate_id", "job_id", "module_id", "service"}) {
    EXPECT_EQ(e2e::errors(r, field), Strings{"This field is required."}) << field;
  }
  r = admin_.post(
      kScreenings,
      R"({"candidate_id":"abc","job_id":-1,"module_id":1.5,"service":"Video Interview","question_set_id":"x"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "candidate_id"),
            Strings{"Incorrect type. Expected pk value, received str."});
  EXPECT_EQ(e2e::errors(r, "job_id"), Strings{"Invalid pk \"-1\" - object does not exist."});
  EXPECT_EQ(e2e::errors(r, "module_id"),
            Strings{"Incorrect type. Expected pk value, received float."});
  EXPECT_EQ(e2e::errors(r, "question_set_id"),
            Strings{"Incorrect type. Expected pk value, received str."});

  // Missing objects, all at once.
  r = admin_.post(
      kScreenings,
      R"({"candidate_id":999991,"job_id":999992,"module_id":999993,"service":999994,"question_set_id":999995})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "candidate_id"),
            Strings{"Invalid pk \"999991\" - object does not exist."});
  EXPECT_EQ(e2e::errors(r, "job_id"), Strings{"Invalid pk \"999992\" - object does not exist."});
  EXPECT_EQ(e2e::errors(r, "module_id"), Strings{"Invalid pk \"999993\" - object does not exist."});
  EXPECT_EQ(e2e::errors(r, "service"), Strings{"Invalid pk \"999994\" - object does not exist."});
  EXPECT_EQ(e2e::errors(r, "question_set_id"),
            Strings{"Invalid pk \"999995\" - object does not exist."});

  // Another organization's objects are missing ones.
  auto other = e2e::register_org(*server_, e2e::unique("Screenings Other"));
  const auto their_job = e2e::create_job(other);
  const auto their_candidate = e2e::create_candidate(other);
  e2e::apply(other, their_job, their_candidate);
  const auto their_module = e2e::create_module(other, their_job, {"Video Interview"});
  const auto their_set = e2e::create_question_set(other, "Theirs");
  r = admin_.post(kScreenings, Object{{"candidate_id", their_candidate},
                                      {"job_id", their_job},
                                      {"module_id", their_module},
                                      {"service", "Video Interview"},
                                      {"question_set_id", their_set}});
  ASSERT_EQ(r.status, 400) << r.body;
  for (const char* field : {"candidate_id", "job_id", "module_id", "question_set_id"}) {
    EXPECT_EQ(e2e::errors(r, field).size(), 1u) << field << " " << r.body;
  }
  EXPECT_TRUE(e2e::errors(r, "service").empty());
  r = post("Video Interview", {{"question_set_id", their_set}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "question_set_id"),
            Strings{"Invalid pk \"" + std::to_string(their_set) + "\" - object does not exist."});

  // The module must be attached to the job, and the candidate must have applied.
  const auto other_job = e2e::create_job(admin_, "Other job");
  e2e::apply(admin_, other_job, candidate_);
  r = admin_.post(kScreenings, Object{{"candidate_id", candidate_},
                                      {"job_id", other_job},
                                      {"module_id", module_},
                                      {"service", "Video Interview"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"module_id":["The module is not attached to this job."]})");
  const auto stranger = e2e::create_candidate(admin_, "Stranger");
  r = admin_.post(kScreenings, target(stranger).set("service", "Video Interview"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"candidate_id":["The candidate has not applied to this job."]})");

  EXPECT_EQ(admin_.get(kScreenings).body, "[]");
  EXPECT_EQ(other.get(kScreenings).body, "[]");
}

TEST_F(Screenings, ListFiltersAndPagination) {
  const auto second = e2e::create_candidate(admin_, "Second");
  e2e::apply(admin_, job_, second);
  const auto other_job = e2e::create_job(admin_, "Other job");
  e2e::apply(admin_, other_job, candidate_);
  const auto other_module = e2e::create_module(admin_, other_job, {"Video Interview"});
  const auto a = screening();
  const auto b = e2e::create_screening(admin_, second, job_, module_, "Resume Screening", set_);
  const auto c =
      e2e::create_screening(admin_, candidate_, other_job, other_module, "Video Interview", set_);
  ASSERT_EQ(admin_.post(screening_url(b) + "submit/").status, 200);

  auto r = admin_.get(kScreenings);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(e2e::ids(r), (Ids{a, b, c}));
  EXPECT_EQ(r.header("x-total-count"), "3");
  const std::string base = kScreenings;
  EXPECT_EQ(e2e::ids(admin_.get(base + "?candidate_id=" + std::to_string(candidate_))),
            (Ids{a, c}));
  EXPECT_EQ(e2e::ids(admin_.get(base + "?job_id=" + std::to_string(job_))), (Ids{a, b}));
  EXPECT_EQ(e2e::ids(admin_.get(base + "?job_id=" + std::to_string(job_) +
                                "&candidate_id=" + std::to_string(candidate_))),
            Ids{a});
  EXPECT_EQ(e2e::ids(admin_.get(base + "?status=submitted")), Ids{b});
  EXPECT_EQ(e2e::ids(admin_.get(base + "?status=in_progress")), (Ids{a, c}));
  EXPECT_EQ(admin_.get(base + "?status=&candidate_id=").header("x-total-count"), "3");

  r = admin_.get(base + "?status=done&candidate_id=abc&job_id=0");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "status"),
            Strings{"Select a valid choice. done is not one of the available choices."});
  EXPECT_EQ(e2e::errors(r, "candidate_id"), Strings{"Enter a valid id."});
  EXPECT_EQ(e2e::errors(r, "job_id"), Strings{"Enter a valid id."});

  r = admin_.get(base + "?limit=2");
  EXPECT_EQ(e2e::ids(r), (Ids{a, b}));
  EXPECT_EQ(r.header("x-total-count"), "3");
  EXPECT_NE(r.header("link").find("limit=2&offset=2>; rel=\"next\""), std::string::npos)
      << r.header("link");
  r = admin_.get(base + "?status=in_progress&limit=1&offset=1");
  EXPECT_EQ(e2e::ids(r), Ids{c});
  EXPECT_EQ(r.header("x-total-count"), "2");
  EXPECT_EQ(r.header("link").find("rel=\"next\""), std::string::npos);

  auto other = e2e::register_org(*server_, e2e::unique("Screenings Other"));
  EXPECT_EQ(other.get(base).body, "[]");
  EXPECT_EQ(other.get(base + "?candidate_id=" + std::to_string(candidate_)).body, "[]");
}

TEST_F(Screenings, TheQuestionSetChangesUntilThereAreAnswers) {
  const auto id = screening();
  const auto url = screening_url(id);
  auto created = admin_.get(url);

  auto r = admin_.patch(url, Object{{"question_set_id", preferred_}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["question_set"]), preferred_);
  // Only the question set may change: the other fields are ignored.
  r = admin_.patch(url, R"({"candidate_id":1,"job_id":1,"status":"submitted","module_id":1})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["candidate"]), candidate_);
  EXPECT_EQ(e2e::text(r, "status"), "in_progress");
  r = admin_.put(url, "{}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"question_set_id":["This field is required."]})");
  r = admin_.put(url, Object{{"question_set_id", set_}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body, created.body);

  r = admin_.patch(url, R"({"question_set_id":null})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "question_set_id"), Strings{"This field may not be null."});
  r = admin_.patch(url, R"({"question_set_id":987654})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "question_set_id"),
            Strings{"Invalid pk \"987654\" - object does not exist."});
  auto other = e2e::register_org(*server_, e2e::unique("Screenings Other"));
  const auto theirs = e2e::create_question_set(other, "Theirs");
  r = admin_.patch(url, Object{{"question_set_id", theirs}});
  ASSERT_EQ(r.status, 400);
  EXPECT_FALSE(e2e::errors(r, "question_set_id").empty());

  // Answered (even to a question deleted since): the question set is fixed.
  const auto q = e2e::create_question(admin_, set_);
  e2e::create_answer(admin_, id, q);
  ASSERT_EQ(admin_.del("/api/v1/interview/questions/" + std::to_string(q) + "/").status, 204);
  for (auto attempt : {admin_.patch(url, Object{{"question_set_id", preferred_}}),
                       admin_.put(url, Object{{"question_set_id", preferred_}})}) {
    ASSERT_EQ(attempt.status, 409) << attempt.body;
    EXPECT_EQ(attempt.body,
              R"({"detail":"The screening has answers; its question set can no longer change."})");
  }
  EXPECT_EQ(admin_.get(url).body, created.body);
  // Naming the same set is no change.
  r = admin_.put(url, Object{{"question_set_id", set_}});
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(Screenings, SubmitClosesTheScreeningOnce) {
  const auto id = screening();
  const auto q = e2e::create_question(admin_, set_);
  const auto q2 = e2e::create_question(admin_, set_);
  e2e::create_answer(admin_, id, q);

  auto r = admin_.post(screening_url(id) + "submit/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::id_of(r), id);
  EXPECT_EQ(e2e::text(r, "status"), "submitted");
  EXPECT_EQ(e2e::text(r, "submitted_at").size(), 20u);
  EXPECT_GE(e2e::text(r, "submitted_at"), e2e::text(r, "created_at"));
  EXPECT_EQ(admin_.get(screening_url(id)).body, r.body);

  // Again: the same answer, nothing changes.
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  auto again = admin_.post(screening_url(id) + "submit/", "");
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(again.body, r.body);

  // No more answers.
  auto answer = admin_.post("/api/v1/interview/answers/",
                            Object{{"screening_id", id}, {"question", q2}, {"text", "Late"}});
  EXPECT_EQ(answer.status, 409) << answer.body;
  EXPECT_EQ(admin_.get(screening_url(id) + "submit/").status, 405);
}

TEST_F(Screenings, DeleteRemovesTheScreeningAndItsAnswers) {
  const auto id = screening();
  const auto keep = screening();
  const auto q = e2e::create_question(admin_, set_);
  const auto answer = e2e::create_answer(admin_, id, q);
  const auto kept_answer = e2e::create_answer(admin_, keep, q);

  auto r = admin_.del(screening_url(id));
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(admin_.get(screening_url(id)).status, 404);
  EXPECT_EQ(admin_.del(screening_url(id)).status, 404);
  EXPECT_EQ(admin_.post(screening_url(id) + "submit/").status, 404);
  EXPECT_EQ(admin_.get("/api/v1/interview/answers/" + std::to_string(answer) + "/").status, 404);
  EXPECT_EQ(admin_.get("/api/v1/interview/answers/" + std::to_string(kept_answer) + "/").status,
            200);
  EXPECT_EQ(e2e::ids(admin_.get(kScreenings)), Ids{keep});
  // The question and its set are untouched.
  EXPECT_EQ(admin_.get("/api/v1/interview/questions/" + std::to_string(q) + "/").status, 200);
}

TEST_F(Screenings, InterviewerReadsButCannotWrite) {
  auto interviewer = e2e::create_user(admin_, "interviewer");
  const auto id = screening();
  const auto before = admin_.get(screening_url(id)).body;

  EXPECT_EQ(interviewer.get(kScreenings).status, 200);
  EXPECT_EQ(interviewer.get(screening_url(id)).body, before);
  const std::string patch = Object{{"question_set_id", preferred_}};
  for (auto r :
       {interviewer.post(kScreenings, target().set("service", "Video Interview")),
        interviewer.put(screening_url(id), patch), interviewer.patch(screening_url(id), patch),
        interviewer.del(screening_url(id)), interviewer.post(screening_url(id) + "submit/")}) {
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(e2e::text(r, "detail"), "You do not have permission to perform this action.");
  }
  EXPECT_EQ(admin_.get(screening_url(id)).body, before);
  EXPECT_EQ(admin_.get(kScreenings).header("x-total-count"), "1");
  auto recruiter = e2e::create_user(admin_, "recruiter");
  EXPECT_EQ(recruiter.post(screening_url(id) + "submit/").status, 200);
}

TEST_F(Screenings, AnotherOrganizationsScreeningIsNotFound) {
  auto other = e2e::register_org(*server_, e2e::unique("Screenings Stranger"));
  const auto id = screening();
  const auto theirs = e2e::create_question_set(other, "Theirs");
  const auto before = admin_.get(screening_url(id)).body;

  const std::string patch = Object{{"question_set_id", theirs}};
  for (auto r : {other.get(screening_url(id)), other.put(screening_url(id), patch),
                 other.patch(screening_url(id), patch), other.del(screening_url(id)),
                 other.post(screening_url(id) + "submit/")}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  const std::string missing = screening_url(id + 100000);
  for (auto r : {admin_.get(missing), admin_.put(missing, patch), admin_.patch(missing, "{}"),
                 admin_.del(missing), admin_.post(missing + "submit/")}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  for (const char* bad : {"abc", "0", "-1", "1.5", "9223372036854775808"}) {
    EXPECT_EQ(admin_.get(std::string(kScreenings) + bad + "/").status, 404) << bad;
    EXPECT_EQ(admin_.post(std::string(kScreenings) + bad + "/submit/").status, 404) << bad;
  }
  EXPECT_EQ(admin_.get(screening_url(id)).body, before);
}

}  // namespace
