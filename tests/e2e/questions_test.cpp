// /interview/questions/: every type, options and limits, PUT and PATCH (a type
// change re-checks options), the list filters and ordering, soft delete,
// pagination, roles, other organizations' ids.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {

using e2e::Client;
using e2e::Json;
using e2e::Object;
using Ids = std::vector<std::int64_t>;
using Strings = std::vector<std::string>;

constexpr const char* kQuestions = "/api/v1/interview/questions/";

std::string question_url(std::int64_t id) {
  return kQuestions + std::to_string(id) + "/";
}

Strings options_of(const e2e::HttpResponse& r) {
  Strings out;
  for (auto o : r.json()["options"].get_array()) out.emplace_back(std::string_view(o));
  return out;
}

class Questions : public e2e::SharedServerTest<Questions> {
 protected:
  void SetUp() override {
    admin_ = e2e::register_org(*server_, e2e::unique("Questions Org"));
    set_ = e2e::create_question_set(admin_, "Main");
  }
  // A question body in the test's set, with more members.
  std::string body(const std::string& type, const Object& extra = {}) const {
    return Object{{"question_set", set_}, {"text", "Tell us"}, {"type", type}}.merge(extra);
  }
  e2e::HttpResponse post(const std::string& type, const Object& extra = {}) const {
    return admin_.post(kQuestions, body(type, extra));
  }

  Client admin_;
  std::int64_t set_ = 0;
};

TEST_F(Questions, CreateEveryType) {
  auto r = admin_.post(kQuestions,
                       Object{{"question_set", set_}, {"text", "  Why us?  "}, {"type", "text"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["question_set"]), set_);
  EXPECT_EQ(e2e::text(r, "text"), "Why us?");
  EXPECT_EQ(e2e::text(r, "type"), "text");
  EXPECT_EQ(simdjson::minify(r.json()["options"]), "[]");
  EXPECT_EQ(std::int64_t(r.json()["order"]), 0);
  EXPECT_TRUE(bool(r.json()["is_required"]));
  EXPECT_TRUE(r.json()["time_limit_seconds"].is_null());
  EXPECT_TRUE(r.json()["think_time_seconds"].is_null());
  EXPECT_TRUE(r.json()["max_retakes"].is_null());
  EXPECT_EQ(e2e::text(r, "created_at").back(), 'Z');
  auto got = admin_.get(question_url(e2e::id_of(r)));
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ(got.body, r.body);

  r = post(
      "single_choice",
      {{"options", e2e::array({" Yes ", "No", "Maybe"})}, {"order", 3}, {"is_required", false}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(options_of(r), (Strings{"Yes", "No", "Maybe"}));
  EXPECT_EQ(std::int64_t(r.json()["order"]), 3);
  EXPECT_FALSE(bool(r.json()["is_required"]));

  Strings twenty;
  std::vector<Json> list;
  for (int i = 1; i <= 20; ++i) {
    twenty.push_back("Option " + std::to_string(i));
    list.emplace_back(twenty.back());
  }
  r = post("multiple_choice", {{"options", e2e::array(list)}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(options_of(r), twenty);
  r = post("multiple_choice", {{"options", e2e::array({"a", "A"})}});  // distinct is case-sensitive
  EXPECT_EQ(r.status, 201) << r.body;

  r = post("rating", {{"options", e2e::array({})}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(simdjson::minify(r.json()["options"]), "[]");

  r = post("video", {{"time_limit_seconds", 3600},
                     {"think_time_seconds", 0},
                     {"max_retakes", 10},
                     {"id", 5},
                     {"created_at", "x"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["time_limit_seconds"]), 3600);
  EXPECT_EQ(std::int64_t(r.json()["think_time_seconds"]), 0);
  EXPECT_EQ(std::int64_t(r.json()["max_retakes"]), 10);
  EXPECT_NE(e2e::text(r, "created_at"), "x");

  r = post("audio", {{"time_limit_seconds", 1},
                     {"think_time_seconds", 600},
                     {"max_retakes", 0},
                     {"order", 2147483647}});
  ASSERT_EQ(r.status, 201) << r.body;
  r = post(
      "audio",
      {{"time_limit_seconds", nullptr}, {"think_time_seconds", nullptr}, {"max_retakes", nullptr}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_TRUE(r.json()["time_limit_seconds"].is_null());
  EXPECT_EQ(std::int64_t(admin_.get("/api/v1/interview/question-sets/" + std::to_string(set_) + "/")
                             .json()["questions_count"]),
            8);
}

TEST_F(Questions, CreateValidation) {
  auto r = admin_.post(kQuestions, "{}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "question_set"), Strings{"This field is required."});
  EXPECT_EQ(e2e::errors(r, "text"), Strings{"This field is required."});
  EXPECT_EQ(e2e::errors(r, "type"), Strings{"This field is required."});

  r = admin_.post(kQuestions, Object{{"question_set", "abc"},
                                     {"text", std::string(5001, 't')},
                                     {"type", "essay"},
                                     {"order", -1},
                                     {"is_required", "yes"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "question_set"),
            Strings{"Incorrect type. Expected pk value, received str."});
  EXPECT_EQ(e2e::errors(r, "text"), Strings{"Ensure this field has no more than 5000 characters."});
  EXPECT_EQ(e2e::errors(r, "type"), Strings{"\"essay\" is not a valid choice."});
  EXPECT_EQ(e2e::errors(r, "order"), Strings{"Ensure this value is greater than or equal to 0."});
  EXPECT_EQ(e2e::errors(r, "is_required"), Strings{"Must be a valid boolean."});

  r = post("video", {{"time_limit_seconds", 0}, {"think_time_seconds", 601}, {"max_retakes", 11}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "time_limit_seconds"),
            Strings{"Ensure this value is greater than or equal to 1."});
  EXPECT_EQ(e2e::errors(r, "think_time_seconds"),
            Strings{"Ensure this value is less than or equal to 600."});
  EXPECT_EQ(e2e::errors(r, "max_retakes"),
            Strings{"Ensure this value is less than or equal to 10."});
  r = post("video",
           {{"time_limit_seconds", 3601}, {"think_time_seconds", -1}, {"max_retakes", -1}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "time_limit_seconds"),
            Strings{"Ensure this value is less than or equal to 3600."});
  EXPECT_EQ(e2e::errors(r, "think_time_seconds"),
            Strings{"Ensure this value is greater than or equal to 0."});
  EXPECT_EQ(e2e::errors(r, "max_retakes"),
            Strings{"Ensure this value is greater than or equal to 0."});
  r = post("video", {{"time_limit_seconds", "60"}, {"is_required", nullptr}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "time_limit_seconds"), Strings{"A valid integer is required."});
  EXPECT_EQ(e2e::errors(r, "is_required"), Strings{"This field may not be null."});

  // A question set that does not exist, or is another organization's.
  auto other = e2e::register_org(*server_, e2e::unique("Questions Other"));
  const auto theirs = e2e::create_question_set(other, "Theirs");
  for (auto id : {theirs, theirs + 100000}) {
    r = admin_.post(kQuestions, Object{{"question_set", id}, {"text", "T"}, {"type", "text"}});
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(e2e::errors(r, "question_set"),
              Strings{"Invalid pk \"" + std::to_string(id) + "\" - object does not exist."});
  }
  EXPECT_EQ(admin_.get(kQuestions).header("x-total-count"), "0");
  EXPECT_EQ(other.get(kQuestions).header("x-total-count"), "0");
}

TEST_F(Questions, OptionsFitTheType) {
  struct Case {
    std::string type;
    Object extra;
    std::string message;
  };
  const std::vector<Case> cases = {
      {"single_choice", {}, "This field is required."},
      {"single_choice",
       {{"options", e2e::array({})}},
       "Ensure this field has at least 2 elements."},
      {"multiple_choice",
       {{"options", e2e::array({"Only"})}},
       "Ensure this field has at least 2 elements."},
      {"single_choice",
       {{"options",
         Json::raw(
             R"(["a","b","c","d","e","f","g","h","i","j","k","l","m","n","o","p","q","r","s","t","u"])")}},
       "Ensure this field has no more than 20 elements."},
      {"single_choice",
       {{"options", e2e::array({"Yes", "Yes"})}},
       "Item 2: \"Yes\" appears more than once."},
      {"single_choice",
       {{"options", e2e::array({"Yes", " Yes "})}},
       "Item 2: \"Yes\" appears more than once."},
      {"single_choice",
       {{"options", e2e::array({"Yes", "  "})}},
       "Item 2: This field may not be blank."},
      {"multiple_choice", {{"options", e2e::array({"Yes", 5})}}, "Item 2: Not a valid string."},
      {"multiple_choice",
       {{"options", "Yes,No"}},
       "Expected a list of items but got type \"str\"."},
      {"multiple_choice", {{"options", nullptr}}, "This field may not be null."},
      {"single_choice",
       {{"options", e2e::array({"a", std::string(501, 'o')})}},
       "Item 2: Ensure this field has no more than 500 characters."},
      {"text", {{"options", e2e::array({"Yes", "No"})}}, "A \"text\" question takes no options."},
      {"rating", {{"options", e2e::array({"1"})}}, "A \"rating\" question takes no options."},
      {"video", {{"options", e2e::array({"x", "y"})}}, "A \"video\" question takes no options."},
      {"audio", {{"options", Object{}}}, "Expected a list of items but got type \"dict\"."},
  };
  for (const auto& c : cases) {
    auto r = post(c.type, c.extra);
    ASSERT_EQ(r.status, 400) << c.type << c.extra << " " << r.body;
    EXPECT_EQ(e2e::errors(r, "options"), Strings{c.message}) << c.type << c.extra;
  }
  EXPECT_EQ(admin_.get(kQuestions).header("x-total-count"), "0");
}

TEST_F(Questions, PutAndPatch) {
  auto created = post("text", {{"order", 1}, {"time_limit_seconds", 60}});
  ASSERT_EQ(created.status, 201);
  const auto id = e2e::id_of(created);
  const auto url = question_url(id);

  auto r = admin_.patch(url, R"({"text":"Changed","is_required":false})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "text"), "Changed");
  EXPECT_FALSE(bool(r.json()["is_required"]));
  EXPECT_EQ(std::int64_t(r.json()["order"]), 1);
  EXPECT_EQ(std::int64_t(r.json()["time_limit_seconds"]), 60);

  // A type change re-checks the options, given or kept.
  r = admin_.patch(url, R"({"type":"single_choice"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "options"), Strings{"This field is required."});
  r = admin_.patch(url, R"({"options":["Yes","No"]})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "options"), Strings{"A \"text\" question takes no options."});
  r = admin_.patch(url, R"({"type":"single_choice","options":["Yes","No"]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(options_of(r), (Strings{"Yes", "No"}));
  r = admin_.patch(url, R"({"type":"multiple_choice"})");  // the options still fit
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(options_of(r), (Strings{"Yes", "No"}));
  r = admin_.patch(url, R"({"options":["Only"]})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "options"), Strings{"Ensure this field has at least 2 elements."});
  r = admin_.patch(url, R"({"type":"rating"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "options"), Strings{"A \"rating\" question takes no options."});
  r = admin_.patch(url, R"({"type":"rating","options":[],"time_limit_seconds":null})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(simdjson::minify(r.json()["options"]), "[]");
  EXPECT_TRUE(r.json()["time_limit_seconds"].is_null());
  EXPECT_EQ(admin_.get(url).body, r.body);

  // PUT needs question_set, text and type; absent optional fields are kept.
  r = admin_.put(url, R"({"text":"Only text"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "question_set"), Strings{"This field is required."});
  EXPECT_EQ(e2e::errors(r, "type"), Strings{"This field is required."});
  const auto second = e2e::create_question_set(admin_, "Second");
  r = admin_.put(
      url,
      Object{{"question_set", second}, {"text", "Moved"}, {"type", "audio"}, {"created_at", "x"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::int64_t(r.json()["question_set"]), second);
  EXPECT_EQ(e2e::text(r, "type"), "audio");
  EXPECT_FALSE(bool(r.json()["is_required"]));
  EXPECT_EQ(e2e::text(r, "created_at"), e2e::text(created, "created_at"));
  EXPECT_EQ(
      e2e::ids(admin_.get(std::string(kQuestions) + "?question_set_id=" + std::to_string(second))),
      Ids{id});
  EXPECT_EQ(admin_.get(std::string(kQuestions) + "?question_set_id=" + std::to_string(set_)).body,
            "[]");

  auto other = e2e::register_org(*server_, e2e::unique("Questions Other"));
  const auto theirs = e2e::create_question_set(other, "Theirs");
  r = admin_.patch(url, Object{{"question_set", theirs}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "question_set"),
            Strings{"Invalid pk \"" + std::to_string(theirs) + "\" - object does not exist."});
  r = admin_.patch(url, "{}");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(std::int64_t(r.json()["question_set"]), second);
}

TEST_F(Questions, ListFiltersAndOrdering) {
  const auto other_set = e2e::create_question_set(admin_, "Other");
  const auto a = e2e::create_question(admin_, set_, "text", {{"order", 2}});
  const auto b = e2e::create_question(admin_, other_set, "text", {{"order", 0}});
  const auto c = e2e::create_question(admin_, set_, "rating", {{"order", 1}});
  const auto d = e2e::create_question(admin_, set_, "audio", {{"order", 1}});
  const auto e = e2e::create_question(admin_, set_, "video");  // order 0

  auto r = admin_.get(kQuestions);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(e2e::ids(r), (Ids{a, b, c, d, e}));
  EXPECT_EQ(r.header("x-total-count"), "5");

  // By question set: ordered by (order, id).
  const std::string by_set = std::string(kQuestions) + "?question_set_id=" + std::to_string(set_);
  r = admin_.get(by_set);
  EXPECT_EQ(e2e::ids(r), (Ids{e, c, d, a}));
  EXPECT_EQ(r.header("x-total-count"), "4");
  r = admin_.get(by_set + "&limit=2&offset=1");
  EXPECT_EQ(e2e::ids(r), (Ids{c, d}));
  EXPECT_EQ(r.header("x-total-count"), "4");
  EXPECT_NE(r.header("link").find("offset=3"), std::string::npos) << r.header("link");
  EXPECT_NE(r.header("link").find("question_set_id=" + std::to_string(set_)), std::string::npos)
      << r.header("link");

  // By ids, in id order, alone or with the set.
  auto id_list = [](std::initializer_list<std::int64_t> ids) {
    std::string s;
    for (auto id : ids) s += (s.empty() ? "" : ",") + std::to_string(id);
    return s;
  };
  EXPECT_EQ(e2e::ids(admin_.get(std::string(kQuestions) + "?question_ids=" + id_list({e, b, a}))),
            (Ids{a, b, e}));
  EXPECT_EQ(e2e::ids(admin_.get(by_set + "&question_ids=" + id_list({a, b, e}))), (Ids{e, a}));
  EXPECT_EQ(
      e2e::ids(admin_.get(std::string(kQuestions) + "?question_ids=" + id_list({c, c, 999999}))),
      Ids{c});
  EXPECT_EQ(e2e::ids(admin_.get(std::string(kQuestions) + "?question_ids=%20" + std::to_string(d) +
                                "%20")),
            Ids{d});
  // Empty values are no filter.
  EXPECT_EQ(admin_.get(std::string(kQuestions) + "?question_ids=&question_set_id=")
                .header("x-total-count"),
            "5");

  for (const char* bad : {"1,abc", "1,,2", "0", "-3", "1.5", "2,", "9223372036854775808"}) {
    r = admin_.get(std::string(kQuestions) + "?question_ids=" + bad);
    ASSERT_EQ(r.status, 400) << bad << " " << r.body;
    ASSERT_EQ(e2e::errors(r, "question_ids").size(), 1u) << bad;
    EXPECT_NE(e2e::errors(r, "question_ids")[0].find("is not a valid id."), std::string::npos)
        << r.body;
  }
  r = admin_.get(std::string(kQuestions) + "?question_ids=1,abc");
  EXPECT_EQ(e2e::errors(r, "question_ids"), Strings{"\"abc\" is not a valid id."});
  std::string many;
  for (int i = 1; i <= 1001; ++i) many += (i > 1 ? "," : "") + std::to_string(i);
  r = admin_.get(std::string(kQuestions) + "?question_ids=" + many);
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "question_ids"), Strings{"Ensure this list has no more than 1000 ids."});
  r = admin_.get(std::string(kQuestions) + "?question_set_id=abc&question_ids=x");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "question_set_id"), Strings{"Enter a valid id."});
  EXPECT_EQ(e2e::errors(r, "question_ids"), Strings{"\"x\" is not a valid id."});

  // Another organization's questions are never listed, whatever the filter.
  auto other = e2e::register_org(*server_, e2e::unique("Questions Other"));
  EXPECT_EQ(other.get(kQuestions).body, "[]");
  EXPECT_EQ(other.get(by_set).body, "[]");
  EXPECT_EQ(other.get(std::string(kQuestions) + "?question_ids=" + id_list({a, b})).body, "[]");
}

TEST_F(Questions, SoftDeleteHidesTheQuestionButAnswersKeepIt) {
  const auto job = e2e::create_job(admin_);
  const auto candidate = e2e::create_candidate(admin_);
  e2e::apply(admin_, job, candidate);
  const auto module = e2e::create_module(admin_, job, {"Video Interview"});
  const auto q = e2e::create_question(admin_, set_);
  const auto kept = e2e::create_question(admin_, set_);
  const auto screening =
      e2e::create_screening(admin_, candidate, job, module, "Video Interview", set_);
  const auto answer = e2e::create_answer(admin_, screening, q);

  auto r = admin_.del(question_url(q));
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(admin_.get(question_url(q)).status, 404);
  for (auto again : {admin_.del(question_url(q)), admin_.patch(question_url(q), "{}"),
                     admin_.put(question_url(q), body("text"))}) {
    EXPECT_EQ(again.status, 404) << again.body;
  }
  EXPECT_EQ(e2e::ids(admin_.get(kQuestions)), Ids{kept});
  EXPECT_EQ(
      e2e::ids(admin_.get(std::string(kQuestions) + "?question_set_id=" + std::to_string(set_))),
      Ids{kept});
  r = admin_.get(std::string(kQuestions) + "?question_ids=" + std::to_string(q));
  EXPECT_EQ(r.body, "[]");
  EXPECT_EQ(r.header("x-total-count"), "0");
  EXPECT_EQ(std::int64_t(admin_.get("/api/v1/interview/question-sets/" + std::to_string(set_) + "/")
                             .json()["questions_count"]),
            1);

  // The answer keeps its question, which still holds the set.
  auto a = admin_.get("/api/v1/interview/answers/" + std::to_string(answer) + "/");
  ASSERT_EQ(a.status, 200) << a.body;
  EXPECT_EQ(std::int64_t(a.json()["question"]), q);
  r = admin_.del("/api/v1/interview/question-sets/" + std::to_string(set_) + "/");
  EXPECT_EQ(r.status, 409) << r.body;
}

TEST_F(Questions, AnAnsweredQuestionStaysInItsSet) {
  const auto job = e2e::create_job(admin_);
  const auto candidate = e2e::create_candidate(admin_);
  e2e::apply(admin_, job, candidate);
  const auto module = e2e::create_module(admin_, job, {"Video Interview"});
  const auto q = e2e::create_question(admin_, set_);
  const auto screening =
      e2e::create_screening(admin_, candidate, job, module, "Video Interview", set_);
  e2e::create_answer(admin_, screening, q);
  const auto second = e2e::create_question_set(admin_, "Second");
  const auto before = admin_.get(question_url(q)).body;

  auto r = admin_.patch(question_url(q), Object{{"question_set", second}});
  ASSERT_EQ(r.status, 409) << r.body;
  EXPECT_EQ(r.body,
            R"({"detail":"The question has answers; it cannot move to another question set."})");
  EXPECT_EQ(admin_.get(question_url(q)).body, before);
  // Other changes are fine, naming its own set too.
  r = admin_.patch(question_url(q), Object{{"question_set", set_}, {"text", "Reworded"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "text"), "Reworded");
}

TEST_F(Questions, InterviewerReadsButCannotWrite) {
  auto interviewer = e2e::create_user(admin_, "interviewer");
  const auto q = e2e::create_question(admin_, set_);
  const auto before = admin_.get(question_url(q)).body;

  EXPECT_EQ(interviewer.get(kQuestions).status, 200);
  EXPECT_EQ(interviewer.get(question_url(q)).body, before);
  for (auto r :
       {interviewer.post(kQuestions, body("text")), interviewer.put(question_url(q), body("text")),
        interviewer.patch(question_url(q), R"({"text":"Nope"})"),
        interviewer.del(question_url(q))}) {
    EXPECT_EQ(r.status, 403) << r.body;
    EXPECT_EQ(e2e::text(r, "detail"), "You do not have permission to perform this action.");
  }
  EXPECT_EQ(admin_.get(question_url(q)).body, before);
  EXPECT_EQ(admin_.get(kQuestions).header("x-total-count"), "1");
  auto recruiter = e2e::create_user(admin_, "recruiter");
  EXPECT_EQ(recruiter.patch(question_url(q), R"({"text":"Yes"})").status, 200);
}

TEST_F(Questions, AnotherOrganizationsQuestionIsNotFound) {
  auto other = e2e::register_org(*server_, e2e::unique("Questions Stranger"));
  const auto q =
      e2e::create_question(admin_, set_, "single_choice", {{"options", e2e::array({"A", "B"})}});
  const auto theirs = e2e::create_question_set(other, "Theirs");
  const auto before = admin_.get(question_url(q)).body;

  const std::string put_body = Object{{"question_set", theirs}, {"text", "Mine"}, {"type", "text"}};
  for (auto r : {other.get(question_url(q)), other.put(question_url(q), put_body),
                 other.patch(question_url(q), R"({"text":"Mine"})"), other.del(question_url(q))}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  const std::string missing = question_url(q + 100000);
  for (auto r : {admin_.get(missing), admin_.put(missing, body("text")),
                 admin_.patch(missing, "{}"), admin_.del(missing)}) {
    EXPECT_EQ(r.status, 404) << r.body;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  }
  for (const char* bad : {"abc", "0", "-1", "1.5", "9223372036854775808"}) {
    EXPECT_EQ(admin_.get(std::string(kQuestions) + bad + "/").status, 404) << bad;
  }
  // Nor can they add a question to this organization's set.
  auto r = other.post(kQuestions, body("text"));
  ASSERT_EQ(r.status, 400);
  EXPECT_FALSE(e2e::errors(r, "question_set").empty());
  EXPECT_EQ(admin_.get(question_url(q)).body, before);
  EXPECT_EQ(admin_.get(kQuestions).header("x-total-count"), "1");
}

}  // namespace
