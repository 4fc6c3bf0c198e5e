// /interview/question-sets/: CRUD, questions_count, validation, pagination, the
// 409s while module preferences, answers or screenings use a set, module
// preferences naming a set, roles, other organizations' ids.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {

using e2e::Client;
using e2e::Object;
using Strings = std::vector<std::string>;

constexpr const char* kSets = "/api/v1/interview/question-sets/";

std::string set_url(std::int64_t id) {
  return kSets + std::to_string(id) + "/";
}

// A module attached to `job` whose "Video Interview" preferences name `question_set`.
e2e::HttpResponse post_module_using(const Client& c, std::int64_t job, std::int64_t question_set) {
  return c.post("/api/v1/interview/interview-modules/",
                Object{{"name", e2e::unique("Module")},
                       {"job", job},
                       {"services",
                        e2e::array({Object{{"service_name", "Video Interview"},
                                           {"order", 1},
                                           {"preferences", Object{{"question_set_id", question_set},
                                                                  {"max_retakes", 2}}}}})}});
}

class QuestionSets : public e2e::SharedServerTest<QuestionSets> {
 protected:
  void SetUp() override { admin_ = e2e::register_org(*server_, e2e::unique("QS Org")); }

  Client admin_;
};

TEST_F(QuestionSets, CreateAndRetrieve) {
  auto r = admin_.post(kSets, R"({"name":"  Backend basics  "})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(e2e::text(r, "name"), "Backend basics");
  EXPECT_EQ(e2e::text(r, "description"), "");
  EXPECT_TRUE(r.json()["service"].is_null());
  EXPECT_EQ(std::int64_t(r.json()["questions_count"]), 0);
  EXPECT_EQ(std::int64_t(r.json()["created_by"]), admin_.user_id);
  EXPECT_EQ(e2e::text(r, "created_at").size(), 20u);
  EXPECT_EQ(e2e::text(r, "created_at").back(), 'Z');
  auto got = admin_.get(set_url(e2e::id_of(r)));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, r.body);
  auto bare = admin_.get(std::string(kSets) + std::to_string(e2e::id_of(r)));
  EXPECT_EQ(bare.status, 200);
  EXPECT_EQ(bare.body, r.body);

  // With a built-in service, the organization's own service; read-only fields ignored.
  const auto video = e2e::service_id(admin_, "Video Interview");
  auto recruiter = e2e::create_user(admin_, "recruiter");
  r = recruiter.post(kSets, Object{{"name", "Video"},
                                   {"description", "Say hi."},
                                   {"service", video},
                                   {"id", 99999},
                                   {"questions_count", 7},
                                   {"created_by", 1}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_NE(e2e::id_of(r), 99999);
  EXPECT_EQ(e2e::text(r, "description"), "Say hi.");
  EXPECT_EQ(std::int64_t(r.json()["service"]), video);
  EXPECT_EQ(std::int64_t(r.json()["questions_count"]), 0);
  EXPECT_EQ(std::int64_t(r.json()["created_by"]), recruiter.user_id);

  auto own = admin_.post("/api/v1/services/", R"({"name":"Take-home","kind":"assessment"})");
  ASSERT_EQ(own.status, 201) << own.body;
  r = admin_.post(kSets, Object{{"name", "Own"}, {"service", std::to_string(e2e::id_of(own))}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["service"]), e2e::id_of(own));
  r = admin_.post(kSets, R"({"name":"No service","service":null})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json()["service"].is_null());
}

TEST_F(QuestionSets, CreateValidation) {
  auto r = admin_.post(kSets, "{}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "name"), Strings{"This field is required."});

  r = admin_.post(kSets, R"({"name":"   ","description":5,"service":"abc"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "name"), Strings{"This field may not be blank."});
  EXPECT_EQ(e2e::errors(r, "description"), Strings{"Not a valid string."});
  EXPECT_EQ(e2e::errors(r, "service"), Strings{"Incorrect type. Expected pk value, received str."});

  r = admin_.post(kSets, Object{{"name", std::string(201, 'x')}});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "name"), Strings{"Ensure this field has no more than 200 characters."});
  r = admin_.post(kSets, R"({"name":null,"service":0})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "name"), Strings{"This field may not be null."});
  EXPECT_EQ(e2e::errors(r, "service"), Strings{"Invalid pk \"0\" - object does not exist."});

  // A service that does not exist, and another organization's own service.
  r = admin_.post(kSets, R"({"name":"S","service":987654})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "service"), Strings{"Invalid pk \"987654\" - object does not exist."});
  auto other = e2e::register_org(*server_, e2e::unique("QS Other"));
  auto foreign = other.post("/api/v1/services/", R"({"name":"Theirs","kind":"assessment"})");
  ASSERT_EQ(foreign.status, 201);
  r = admin_.post(kSets, Object{{"name", "S"}, {"service", e2e::id_of(foreign)}});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "service"),
            Strings{"Invalid pk \"" + std::to_string(e2e::id_of(foreign)) +
                    "\" - object does not exist."});

  EXPECT_EQ(admin_.post(kSets, "[1]").status, 400);
  EXPECT_EQ(admin_.send("POST", kSets, "name=x", {{"Content-Type", "text/plain"}}).status, 415);
  // The limit itself is fine. Nothing else was created.
  r = admin_.post(kSets, Object{{"name", std::string(200, 'x')}});
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(admin_.get(kSets).header("x-total-count"), "1");
}

TEST_F(QuestionSets, PutAndPatch) {
  const auto video = e2e::service_id(admin_, "Video Interview");
  auto created =
      admin_.post(kSets, Object{{"name", "Old"}, {"description", "Keep me"}, {"service", video}});
  ASSERT_EQ(created.status, 201);
  const auto id = e2e::id_of(created);

  auto r = admin_.put(set_url(id), R"({"description":"No name"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "name"), Strings{"This field is required."});

  r = admin_.put(set_url(id), R"({"name":"New","created_by":12345,"questions_count":3})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "name"), "New");
  EXPECT_EQ(e2e::text(r, "description"), "Keep me");  // absent: unchanged
  EXPECT_EQ(std::int64_t(r.json()["service"]), video);
  EXPECT_EQ(std::int64_t(r.json()["created_by"]), admin_.user_id);
  EXPECT_EQ(std::int64_t(r.json()["questions_count"]), 0);
  EXPECT_EQ(e2e::text(r, "created_at"), e2e::text(created, "created_at"));

  r = admin_.patch(set_url(id), R"({"service":null,"description":""})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(r.json()["service"].is_null());
  EXPECT_EQ(e2e::text(r, "description"), "");
  EXPECT_EQ(e2e::text(r, "name"), "New");

  r = admin_.patch(set_url(id), R"({"name":"","service":424242})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "name"), Strings{"This field may not be blank."});
  r = admin_.patch(set_url(id), R"({"service":424242})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "service"), Strings{"Invalid pk \"424242\" - object does not exist."});

  r = admin_.patch(set_url(id), "{}");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(admin_.get(set_url(id)).body, r.body);
  EXPECT_EQ(e2e::text(r, "name"), "New");
  EXPECT_TRUE(r.json()["service"].is_null());
}

TEST_F(QuestionSets, QuestionsCountLeavesOutDeletedQuestions) {
  const auto set = e2e::create_question_set(admin_, "Counted");
  const auto empty = e2e::create_question_set(admin_, "Empty");
  const auto q1 = e2e::create_question(admin_, set);
  e2e::create_question(admin_, set, "rating");
  e2e::create_question(admin_, set, "single_choice", {{"options", e2e::array({"Yes", "No"})}});
  EXPECT_EQ(std::int64_t(admin_.get(set_url(set)).json()["questions_count"]), 3);

  ASSERT_EQ(admin_.del("/api/v1/interview/questions/" + std::to_string(q1) + "/").status, 204);
  EXPECT_EQ(std::int64_t(admin_.get(set_url(set)).json()["questions_count"]), 2);
  auto list = admin_.get(kSets);
  ASSERT_EQ(list.status, 200);
  std::vector<std::int64_t> counts;
  for (auto s : list.json().get_array()) counts.push_back(std::int64_t(s["questions_count"]));
  EXPECT_EQ(e2e::ids(list), (std::vector<std::int64_t>{set, empty}));
  EXPECT_EQ(counts, (std::vector<std::int64_t>{2, 0}));
  // Each write answers with the count too.
  auto r = admin_.patch(set_url(set), R"({"name":"Renamed"})");
  EXPECT_EQ(std::int64_t(r.json()["questions_count"]), 2);
}

TEST_F(QuestionSets, ListIsTheOrganizationsPaginated) {
  std::vector<std::int64_t> sets;
  for (int i = 0; i < 5; ++i) sets.push_back(e2e::create_question_set(admin_, "Set"));
  auto other = e2e::register_org(*server_, e2e::unique("QS Other"));
  e2e::create_question_set(other, "Theirs");

  auto r = admin_.get(kSets);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(e2e::ids(r), sets);
  EXPECT_EQ(r.header("x-total-count"), "5");
  EXPECT_EQ(r.header("link"), "");

  r = admin_.get(std::string(kSets) + "?limit=2&offset=1");
  EXPECT_EQ(e2e::ids(r), (std::vector<std::int64_t>{sets[1], sets[2]}));
  EXPECT_EQ(r.header("x-total-count"), "5");
  EXPECT_NE(r.header("link").find("limit=2&offset=3>; rel=\"next\""), std::string::npos)
      << r.header("link");
  r = admin_.get(std::string(kSets) + "?limit=2&offset=4");
  EXPECT_EQ(e2e::ids(r), std::vector<std::int64_t>{sets[4]});
  EXPECT_EQ(r.header("link").find("rel=\"next\""), std::string::npos);
  EXPECT_EQ(other.get(kSets).header("x-total-count"), "1");
}

TEST_F(QuestionSets, DeleteRemovesTheSetAndItsQuestions) {
  const auto set = e2e::create_question_set(admin_, "Doomed");
  const auto keep = e2e::create_question_set(admin_, "Kept");
  const auto q = e2e::create_question(admin_, set);
  const auto kept_q = e2e::create_question(admin_, keep);

  auto r = admin_.del(set_url(set));
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(admin_.get(set_url(set)).status, 404);
  EXPECT_EQ(admin_.del(set_url(set)).status, 404);
  EXPECT_EQ(admin_.get("/api/v1/interview/questions/" + std::to_string(q) + "/").status, 404);
  EXPECT_EQ(e2e::ids(admin_.get("/api/v1/interview/questions/")),
            std::vector<std::int64_t>{kept_q});
  EXPECT_EQ(e2e::ids(admin_.get(kSets)), std::vector<std::int64_t>{keep});
}

TEST_F(QuestionSets, DeleteRefusedWhileModulePreferencesUseIt) {
  const auto set = e2e::create_question_set(admin_, "In use");
  const auto job = e2e::create_job(admin_);
  auto module = post_module_using(admin_, job, set);
  ASSERT_EQ(module.status, 201) << module.body;
  EXPECT_EQ(std::int64_t(module.json()["services"].at(0)["preferences"]["question_set_id"]), set);

  const auto before = admin_.get(set_url(set)).body;
  auto r = admin_.del(set_url(set));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.body, R"({"detail":"The question set is used by interview module preferences."})");
  EXPECT_EQ(admin_.get(set_url(set)).body, before);

  // Once no preference names it, it goes.
  const std::string module_url =
      "/api/v1/interview/interview-modules/" + std::to_string(e2e::id_of(module)) + "/";
  r = admin_.patch(
      module_url,
      R"({"services":[{"service_name":"Video Interview","order":1,"preferences":{}}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(admin_.del(set_url(set)).status, 204);
  // And a module can no longer name it.
  r = post_module_using(admin_, job, set);
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "services"),
            Strings{"Item 1: preferences.question_set_id: Invalid pk \"" + std::to_string(set) +
                    "\" - object does not exist."});
}

TEST_F(QuestionSets, ModulePreferencesNameOnlyTheOrganizationsSets) {
  const auto job = e2e::create_job(admin_);
  auto other = e2e::register_org(*server_, e2e::unique("QS Other"));
  const auto theirs = e2e::create_question_set(other, "Theirs");
  const auto modules_before = admin_.get("/api/v1/interview/interview-modules/").body;

  for (auto id : {theirs, theirs + 100000}) {
    auto r = post_module_using(admin_, job, id);
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(e2e::errors(r, "services"),
              Strings{"Item 1: preferences.question_set_id: Invalid pk \"" + std::to_string(id) +
                      "\" - object does not exist."});
  }
  // Named with the other problems of the list, at once.
  auto r = admin_.post(
      "/api/v1/interview/interview-modules/",
      Object{{"name", "M"},
             {"job", job},
             {"services",
              e2e::array({Object{{"service_name", "Nope"},
                                 {"order", 1},
                                 {"preferences", Object{{"question_set_id", theirs}}}}})}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "services"),
            (Strings{"Item 1: service \"Nope\" does not exist.",
                     "Item 1: preferences.question_set_id: Invalid pk \"" + std::to_string(theirs) +
                         "\" - object does not exist."}));
  EXPECT_EQ(admin_.get("/api/v1/interview/interview-modules/").body, modules_before);

  // Nor may an update name one; the module keeps its services.
  const auto mine = e2e::create_question_set(admin_, "Mine");
  auto module = post_module_using(admin_, job, mine);
  ASSERT_EQ(module.status, 201) << module.body;
  const std::string url =
      "/api/v1/interview/interview-modules/" + std::to_string(e2e::id_of(module)) + "/";
  r = admin_.patch(
      url, Object{{"services",
                   e2e::array({Object{{"service_name", "Video Interview"},
                                      {"order", 1},
                                      {"preferences", Object{{"question_set_id", theirs}}}}})}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(admin_.get(url).body, module.body);
  // The other organization's set stays deletable: no module of theirs uses it.
  EXPECT_EQ(other.del(set_url(theirs)).status, 204);
}

TEST_F(QuestionSets, DeleteRefusedWhileItsQuestionsHaveAnswers) {
  const auto job = e2e::create_job(admin_);
  const auto candidate = e2e::create_candidate(admin_);
  e2e::apply(admin_, job, candidate);
  const auto module = e2e::create_module(admin_, job, {"Video Interview"});
  const auto set = e2e::create_question_set(admin_, "Answered");
  const auto question = e2e::create_question(admin_, set);
  const auto screening =
      e2e::create_screening(admin_, candidate, job, module, "Video Interview", set);

  // A screening on the set, even without answers, keeps it.
  auto r = admin_.del(set_url(set));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.body, R"({"detail":"The question set is used by screenings."})");

  e2e::create_answer(admin_, screening, question);
  r = admin_.del(set_url(set));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.body, R"({"detail":"The question set has answers."})");
  // A deleted question's answers still count.
  ASSERT_EQ(admin_.del("/api/v1/interview/questions/" + std::to_string(question) + "/").status,
            204);
  r = admin_.del(set_url(set));
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.body, R"({"detail":"The question set has answers."})");
  EXPECT_EQ(admin_.get(set_url(set)).status, 200);

  // Without the screening (and its answers) it goes.
  ASSERT_EQ(admin_.del("/api/v1/interview/screenings/" + std::to_string(screening) + "/").status,
            204);
  EXPECT_EQ(admin_.del(set_url(set)).status, 204);
  EXPECT_EQ(admin_.get(set_url(set)).status, 404);
}

TEST_F(QuestionSets, InterviewerReadsButCannotWrite) {
  auto interviewer = e2e::create_user(admin_, "interviewer");
  const auto set = e2e::create_question_set(admin_, "Readable");
  const auto before = admin_.get(set_url(set)).body;

  EXPECT_EQ(interviewer.get(kSets).status, 200);
  EXPECT_EQ(interviewer.get(set_url(set)).body, before);
  for (auto r :
       {interviewer.post(kSets, R"({"name":"Nope"})"),
        interviewer.put(set_url(set), R"({"name":"Nope"})"),
        interviewer.patch(set_url(set), R"({"name":"Nope"})"), interviewer.del(set_url(set))}) {
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(e2e::text(r, "detail"), "You do not have permission to perform this action.");
  }
  EXPECT_EQ(admin_.get(set_url(set)).body, before);
  EXPECT_EQ(admin_.get(kSets).header("x-total-count"), "1");

  Client anonymous;
  anonymous.server = server_;
  for (auto r : {anonymous.get(kSets), anonymous.post(kSets, R"({"name":"x"})"),
                 anonymous.get(set_url(set)), anonymous.del(set_url(set))}) {
    EXPECT_EQ(r.status, 401) << r.body;
  }
}

TEST_F(QuestionSets, AnotherOrganizationsSetIsNotFound) {
  auto other = e2e::register_org(*server_, e2e::unique("QS Stranger"));
  const auto set = e2e::create_question_set(admin_, "Private");
  e2e::create_question(admin_, set);
  const auto before = admin_.get(set_url(set)).body;

  for (auto r : {other.get(set_url(set)), other.put(set_url(set), R"({"name":"Mine"})"),
                 other.patch(set_url(set), R"({"name":"Mine"})"), other.del(set_url(set))}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  const std::string missing = set_url(set + 100000);
  for (auto r : {admin_.get(missing), admin_.put(missing, R"({"name":"x"})"),
                 admin_.patch(missing, "{}"), admin_.del(missing)}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  for (const char* bad : {"abc", "0", "-1", "1.5", "9223372036854775808"}) {
    EXPECT_EQ(admin_.get(std::string(kSets) + bad + "/").status, 404) << bad;
  }
  EXPECT_EQ(other.get(kSets).body, "[]");
  EXPECT_EQ(admin_.get(set_url(set)).body, before);
}

}  // namespace
