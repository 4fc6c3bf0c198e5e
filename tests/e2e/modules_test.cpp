// /interview/interview-modules/ and the module read views (list/, job/{id}/interview-modules/,
// a service's settings in a module): nesting, ordering, preferences, validation,
// PUT and PATCH, pagination, roles, other organizations' ids.
#include <gtest/gtest.h>

#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "fixtures.hpp"

namespace {

using e2e::Client;
using e2e::Json;
using e2e::Object;
using Strings = std::vector<std::string>;

constexpr const char* kModules = "/api/v1/interview/interview-modules/";

std::string module_url(std::int64_t id) {
  return kModules + std::to_string(id) + "/";
}

std::string steps_url(std::int64_t module, const std::string& encoded_name) {
  return "/api/v1/interview/interview-module/" + std::to_string(module) + "/service/" +
         encoded_name + "/steps/";
}

std::string alias_url(std::int64_t module, const std::string& encoded_name) {
  return "/api/v1/interview/service-interview-steps/" + std::to_string(module) + "/" +
         encoded_name + "/";
}

// A module body with `services` as its list (Json::raw for a list written as text).
std::string module_body(const std::string& name, std::int64_t job, const Json& services) {
  return Object{{"name", name}, {"job", job}, {"services", services}};
}

// The service names of a module response, in the order given.
Strings service_names(simdjson::dom::element module) {
  Strings out;
  for (auto s : module["services"].get_array()) {
    out.emplace_back(std::string_view(s["service"]["name"]));
  }
  return out;
}

std::vector<std::int64_t> orders(simdjson::dom::element module) {
  std::vector<std::int64_t> out;
  for (auto s : module["services"].get_array()) out.push_back(std::int64_t(s["order"]));
  return out;
}

// The messages under "services" joined, to look for a word in them.
std::string services_errors(const e2e::HttpResponse& r) {
  std::string all;
  for (const auto& m : e2e::errors(r, "services")) all += m + "\n";
  return all;
}

class Modules : public e2e::SharedServerTest<Modules> {
 protected:
  void SetUp() override {
    admin_ = e2e::register_org(*server_, "Modules Org");
    job_ = e2e::create_job(admin_, "Engineer");
  }

  // POSTs a module with one service item (`item` is the JSON object) and
  // returns the response.
  e2e::HttpResponse post_item(const Json& item) const {
    return admin_.post(kModules, module_body("One", job_, e2e::array({item})));
  }
  // A services item for Resume Screening at order 1 with these preferences.
  static Object with_prefs(const Json& prefs) {
    return {{"service_name", "Resume Screening"}, {"order", 1}, {"preferences", prefs}};
  }

  Client admin_;
  std::int64_t job_ = 0;
};

TEST_F(Modules, CreateByIdAndNameNestsServicesSortedByOrder) {
  const auto resume = e2e::service_id(admin_, "Resume Screening");
  auto r = admin_.post(
      kModules,
      module_body("Pipeline", job_,
                  e2e::array({Object{{"service_name", "Video Interview"},
                                     {"order", 30},
                                     {"preferences",
                                      Object{{"time_limit_seconds", 120},
                                             {"note", "x"},
                                             {"nested", Object{{"a", e2e::array({1, 2})}}}}}},
                              Object{{"service_id", resume}, {"order", 10}},
                              Object{{"service_name", "Personality Test"},
                                     {"order", 20},
                                     {"preferences", Object{}}}})));
  ASSERT_EQ(r.status, 201) << r.body;
  auto m = r.json();
  const auto id = std::int64_t(m["id"]);
  EXPECT_EQ(std::string_view(m["name"]), "Pipeline");
  EXPECT_EQ(std::string_view(m["description"]), "");
  EXPECT_EQ(std::int64_t(m["job"]), job_);
  EXPECT_TRUE(bool(m["is_active"]));
  EXPECT_EQ(std::int64_t(m["created_by"]), admin_.user_id);
  EXPECT_FALSE(std::string_view(m["created_at"]).empty());
  EXPECT_TRUE(m["updated_by"].is_null());
  EXPECT_TRUE(m["updated_at"].is_null());
  EXPECT_EQ(service_names(m), (Strings{"Resume Screening", "Personality Test", "Video Interview"}));
  EXPECT_EQ(orders(m), (std::vector<std::int64_t>{10, 20, 30}));

  auto first = m["services"].at(0);
  EXPECT_EQ(std::int64_t(first["service"]["id"]), resume);
  EXPECT_EQ(std::string_view(first["service"]["kind"]), "resume_screening");
  EXPECT_FALSE(std::string_view(first["service"]["description"]).empty());
  EXPECT_TRUE(bool(first["service"]["is_builtin"]));
  EXPECT_EQ(simdjson::minify(first["preferences"]), "{}");  // not given: empty
  EXPECT_EQ(simdjson::minify(m["services"].at(2)["preferences"]),
            R"({"time_limit_seconds":120,"note":"x","nested":{"a":[1,2]}})");

  // Retrieve and both lists give the same nested view.
  for (const std::string& url :
       {module_url(id), std::string(kModules), std::string("/api/v1/interview/list/")}) {
    auto got = admin_.get(url);
    ASSERT_EQ(got.status, 200) << url << " " << got.body;
    simdjson::dom::element g = got.json();
    if (g.is_array()) g = got.json().at(0);
    EXPECT_EQ(std::int64_t(g["id"]), id) << url;
    EXPECT_EQ(service_names(g),
              (Strings{"Resume Screening", "Personality Test", "Video Interview"}))
        << url;
    EXPECT_EQ(simdjson::minify(g["services"]), simdjson::minify(m["services"])) << url;
  }
}

TEST_F(Modules, OwnServicesCountAnotherOrganizationsDoNot) {
  auto own = admin_.post("/api/v1/services/",
                         R"({"name":"Panel Chat","kind":"live_interview","description":"d"})");
  ASSERT_EQ(own.status, 201) << own.body;
  auto r = admin_.post(
      kModules,
      module_body("Own", job_, Json::raw(R"([{"service_name":"Panel Chat","order":1}])")));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_FALSE(bool(r.json()["services"].at(0)["service"]["is_builtin"]));

  auto other = e2e::register_org(*server_, "Other Org");
  auto theirs = other.post("/api/v1/services/", R"({"name":"Secret Round","kind":"assessment"})");
  ASSERT_EQ(theirs.status, 201) << theirs.body;
  r = admin_.post(
      kModules,
      module_body("Theirs", job_, Json::raw(R"([{"service_name":"Secret Round","order":1}])")));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_NE(services_errors(r).find("Secret Round"), std::string::npos) << r.body;
  r = admin_.post(
      kModules,
      module_body("Theirs", job_,
                  e2e::array({Object{{"service_id", e2e::id_of(theirs)}, {"order", 1}}})));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "services").empty());
}

TEST_F(Modules, KnownPreferencesAreChecked) {
  struct Case {
    const char* key;
    std::vector<std::string> good;
    std::vector<std::string> bad;
  };
  const std::vector<Case> cases = {
      // No such question set in the organization, or no id at all.
      {"question_set_id", {}, {"999999999", "0", "-1", "\"abc\"", "1.5", "true"}},
      {"time_limit_seconds", {"1", "3600"}, {"0", "3601", "\"60\"", "1.5", "null"}},
      {"think_time_seconds", {"0", "600"}, {"-1", "601"}},
      {"max_retakes", {"0", "10"}, {"-1", "11"}},
      {"deadline_days", {"1", "365"}, {"0", "366"}},
      {"pass_score", {"0", "100"}, {"-1", "101", "false"}},
  };
  for (const auto& c : cases) {
    for (const auto& v : c.good) {
      const Object prefs = {{c.key, Json::raw(v)}};
      auto r = post_item(with_prefs(prefs));
      ASSERT_EQ(r.status, 201) << prefs << " " << r.body;
      EXPECT_EQ(simdjson::minify(r.json()["services"].at(0)["preferences"]), prefs.text());
    }
    for (const auto& v : c.bad) {
      const Object prefs = {{c.key, Json::raw(v)}};
      auto r = post_item(with_prefs(prefs));
      ASSERT_EQ(r.status, 400) << prefs << " " << r.body;
      // The message names the key, or (for a missing question set) the object.
      const auto all = services_errors(r);
      EXPECT_TRUE(all.find(c.key) != std::string::npos ||
                  (std::string_view(c.key) == "question_set_id" &&
                   all.find("question set") != std::string::npos))
          << prefs << " " << r.body;
    }
  }
  // Every bad key is named at once; unknown keys are kept as given.
  auto r = post_item(
      with_prefs(Json::raw(R"({"max_retakes":99,"pass_score":101,"anything":[1,{"b":null}]})")));
  ASSERT_EQ(r.status, 400) << r.body;
  const auto all = services_errors(r);
  EXPECT_NE(all.find("max_retakes"), std::string::npos) << all;
  EXPECT_NE(all.find("pass_score"), std::string::npos) << all;
  EXPECT_EQ(all.find("anything"), std::string::npos) << all;
  r = post_item(
      with_prefs(Json::raw(R"({"anything":[1,{"b":null}],"x":"\u00e9t\u00e9","pass_score":50})")));
  ASSERT_EQ(r.status, 201) << r.body;
  auto prefs = r.json()["services"].at(0)["preferences"];
  EXPECT_EQ(simdjson::minify(prefs["anything"]), R"([1,{"b":null}])");
  EXPECT_EQ(std::string_view(prefs["x"]), "\xc3\xa9t\xc3\xa9");
  EXPECT_EQ(std::int64_t(prefs["pass_score"]), 50);
}

TEST_F(Modules, PreferencesMustBeAnObjectOfAtMost16KiB) {
  for (const char* bad : {"[]", "\"fast\"", "5", "null", "true"}) {
    auto r = post_item(with_prefs(Json::raw(bad)));
    ASSERT_EQ(r.status, 400) << bad << " " << r.body;
    EXPECT_NE(services_errors(r).find("preferences"), std::string::npos) << bad << " " << r.body;
  }
  // {"blob":"..."} is 11 bytes around the string.
  const Object at_limit = {{"blob", std::string(16 * 1024 - 11, 'x')}};
  auto r = post_item(with_prefs(at_limit));
  ASSERT_EQ(r.status, 201) << r.body.substr(0, 300);
  EXPECT_EQ(simdjson::minify(r.json()["services"].at(0)["preferences"]).size(), 16u * 1024);
  const Object over = {{"blob", std::string(16 * 1024 - 10, 'x')}};
  r = post_item(with_prefs(over));
  ASSERT_EQ(r.status, 400) << r.body.substr(0, 300);
  EXPECT_NE(services_errors(r).find("16 KiB"), std::string::npos) << r.body.substr(0, 300);
}

TEST_F(Modules, OrdersAreDistinctPositiveAndServicesAppearOnce) {
  const auto before = admin_.get(kModules).header("x-total-count");
  auto expect_services_error = [&](const Json& services, const std::string& word) {
    auto r = admin_.post(kModules, module_body("Bad", job_, services));
    ASSERT_EQ(r.status, 400) << services << " " << r.body;
    EXPECT_NE(services_errors(r).find(word), std::string::npos) << services << " " << r.body;
  };
  expect_services_error(
      Json::raw(
          R"([{"service_name":"Resume Screening","order":1},{"service_name":"Video Interview","order":1}])"),
      "order");
  const auto resume = e2e::service_id(admin_, "Resume Screening");
  expect_services_error(e2e::array({Object{{"service_id", resume}, {"order", 1}},
                                    Object{{"service_name", "Resume Screening"}, {"order", 2}}}),
                        "more than once");
  for (const char* order : {"0", "-1", "\"1\"", "1.5", "null"}) {
    expect_services_error(
        e2e::array({Object{{"service_name", "Resume Screening"}, {"order", Json::raw(order)}}}),
        "order");
  }
  expect_services_error(Json::raw(R"([{"service_name":"Resume Screening"}])"), "order");
  expect_services_error(Json::raw(R"([{"order":1}])"), "service");
  expect_services_error(Json::raw(R"(["Resume Screening"])"), "Item 1");
  expect_services_error(Json::raw(R"([{"service_name":"No Such Service","order":1}])"),
                        "No Such Service");
  expect_services_error(Json::raw(R"([{"service_id":999999999,"order":1}])"), "999999999");
  for (const char* id : {"0", "\"abc\"", "-5"}) {
    expect_services_error(e2e::array({Object{{"service_id", Json::raw(id)}, {"order", 1}}}),
                          "service_id");
  }
  auto r = admin_.post(
      kModules, module_body("Bad", job_, Json::raw(R"({"service_name":"Resume Screening"})")));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "services").empty());
  // Nothing was created by any of them.
  EXPECT_EQ(admin_.get(kModules).header("x-total-count"), before);

  // Without services: an empty module.
  r = admin_.post(kModules, R"({"name":"Empty"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(r.json()["services"].get_array().size(), 0u);
  EXPECT_TRUE(r.json()["job"].is_null());
}

TEST_F(Modules, FieldsAreValidated) {
  auto r = admin_.post(kModules, "{}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "name"), Strings{"This field is required."});
  r = admin_.post(kModules, R"({"name":"  ","is_active":"yes","job":"abc"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_FALSE(e2e::errors(r, "name").empty());
  EXPECT_FALSE(e2e::errors(r, "is_active").empty());
  EXPECT_FALSE(e2e::errors(r, "job").empty());
  for (const char* job : {"0", "-1", "1.5", "9223372036854775808", "999999999"}) {
    r = admin_.post(kModules, Object{{"name", "M"}, {"job", Json::raw(job)}});
    ASSERT_EQ(r.status, 400) << job << " " << r.body;
    EXPECT_FALSE(e2e::errors(r, "job").empty()) << job;
  }
}

TEST_F(Modules, JobOfAnotherOrganizationIsInvalid) {
  auto other = e2e::register_org(*server_, "Other Org");
  const auto their_job = e2e::create_job(other, "Theirs");
  auto r = admin_.post(
      kModules,
      module_body("M", their_job, Json::raw(R"([{"service_name":"Resume Screening","order":1}])")));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(e2e::errors(r, "job"),
            Strings{"Invalid pk \"" + std::to_string(their_job) + "\" - object does not exist."});
  // With bad services too: both are named at once.
  r = admin_.post(kModules,
                  module_body("M", their_job, Json::raw(R"([{"service_name":"Nope","order":1}])")));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "job").empty()) << r.body;
  EXPECT_FALSE(e2e::errors(r, "services").empty()) << r.body;
  EXPECT_EQ(admin_.get(kModules).header("x-total-count"), "0");
  // Nor can an update move a module there.
  const auto id = e2e::create_module(admin_, job_, {"Resume Screening"});
  r = admin_.patch(module_url(id), Object{{"job", their_job}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "job").empty());
  r = admin_.put(module_url(id),
                 module_body("M", their_job, Json::raw(R"([{"service_id":999999999,"order":1}])")));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_FALSE(e2e::errors(r, "job").empty()) << r.body;
  EXPECT_FALSE(e2e::errors(r, "services").empty()) << r.body;
  EXPECT_EQ(std::int64_t(admin_.get(module_url(id)).json()["job"]), job_);
  EXPECT_EQ(service_names(admin_.get(module_url(id)).json()), Strings{"Resume Screening"});
  EXPECT_EQ(other.get("/api/v1/interview/job/" + std::to_string(their_job) + "/interview-modules/")
                .header("x-total-count"),
            "0");
}

TEST_F(Modules, PutReplacesServicesPatchKeepsThem) {
  const auto id = e2e::create_module(admin_, job_, {"Resume Screening", "Personality Test"});
  auto recruiter = e2e::create_user(admin_, "recruiter");

  auto r = recruiter.patch(module_url(id), R"({"name":"Renamed","description":"About"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "name"), "Renamed");
  EXPECT_EQ(e2e::text(r, "description"), "About");
  EXPECT_EQ(service_names(r.json()), (Strings{"Resume Screening", "Personality Test"}));
  EXPECT_EQ(std::int64_t(r.json()["job"]), job_);
  EXPECT_EQ(std::int64_t(r.json()["updated_by"]), recruiter.user_id);
  EXPECT_FALSE(r.json()["updated_at"].is_null());
  EXPECT_EQ(std::int64_t(r.json()["created_by"]), admin_.user_id);

  r = admin_.patch(
      module_url(id),
      R"({"services":[{"service_name":"Video Interview","order":2},)"
      R"({"service_name":"Live Interview","order":1,"preferences":{"deadline_days":7}}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(service_names(r.json()), (Strings{"Live Interview", "Video Interview"}));
  EXPECT_EQ(std::int64_t(r.json()["updated_by"]), admin_.user_id);
  EXPECT_EQ(e2e::text(r, "name"), "Renamed");

  r = admin_.put(
      module_url(id),
      R"({"name":"Put","services":[{"service_name":"Technical Assessment","order":5}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::text(r, "name"), "Put");
  EXPECT_EQ(service_names(r.json()), Strings{"Technical Assessment"});
  EXPECT_EQ(orders(r.json()), std::vector<std::int64_t>{5});
  auto got = admin_.get(module_url(id));
  EXPECT_EQ(service_names(got.json()), Strings{"Technical Assessment"});
  EXPECT_EQ(std::int64_t(got.json()["updated_by"]), admin_.user_id);

  // PUT needs the name; a bad PUT or PATCH changes nothing.
  r = admin_.put(module_url(id), R"({"services":[]})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(e2e::errors(r, "name"), Strings{"This field is required."});
  r = admin_.patch(module_url(id),
                   R"({"name":"Never","services":[{"service_name":"Nope","order":1}]})");
  ASSERT_EQ(r.status, 400);
  got = admin_.get(module_url(id));
  EXPECT_EQ(e2e::text(got, "name"), "Put");
  EXPECT_EQ(service_names(got.json()), Strings{"Technical Assessment"});

  // A PUT without services leaves none; job null detaches; is_active toggles.
  r = admin_.put(module_url(id), R"({"name":"Bare","job":null,"is_active":false})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["services"].get_array().size(), 0u);
  EXPECT_TRUE(r.json()["job"].is_null());
  EXPECT_FALSE(bool(r.json()["is_active"]));
  EXPECT_EQ(admin_.get("/api/v1/interview/job/" + std::to_string(job_) + "/interview-modules/")
                .header("x-total-count"),
            "0");
}

TEST_F(Modules, Delete) {
  const auto id = e2e::create_module(admin_, job_, {"Resume Screening"});
  const auto keep = e2e::create_module(admin_, job_, {"Video Interview"});
  auto r = admin_.del(module_url(id));
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_TRUE(r.body.empty());
  EXPECT_EQ(admin_.get(module_url(id)).status, 404);
  EXPECT_EQ(admin_.del(module_url(id)).status, 404);
  EXPECT_EQ(admin_.get(steps_url(id, "Resume%20Screening")).status, 404);
  EXPECT_EQ(e2e::ids(admin_.get(kModules)), std::vector<std::int64_t>{keep});
}

TEST_F(Modules, ListsOfTheOrganizationAndOfAJob) {
  const auto other_job = e2e::create_job(admin_, "Designer");
  const auto a = e2e::create_module(admin_, job_, {"Resume Screening"});
  const auto b = e2e::create_module(admin_, other_job, {"Video Interview"});
  const auto c = e2e::create_module(admin_, job_, {"Personality Test", "Live Interview"});
  auto unattached = admin_.post(kModules, R"({"name":"Loose"})");
  ASSERT_EQ(unattached.status, 201);
  const auto d = e2e::id_of(unattached);
  auto other = e2e::register_org(*server_, "Other Org");
  e2e::create_module(other, e2e::create_job(other, "Theirs"), {"Resume Screening"});

  for (const char* url : {"/api/v1/interview/list/", kModules}) {
    auto r = admin_.get(url);
    ASSERT_EQ(r.status, 200) << url;
    EXPECT_EQ(e2e::ids(r), (std::vector<std::int64_t>{a, b, c, d})) << url;
    EXPECT_EQ(r.header("x-total-count"), "4") << url;
    EXPECT_EQ(r.header("link"), "") << url;
  }
  const std::string job_list =
      "/api/v1/interview/job/" + std::to_string(job_) + "/interview-modules/";
  auto r = admin_.get(job_list);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(e2e::ids(r), (std::vector<std::int64_t>{a, c}));
  EXPECT_EQ(r.header("x-total-count"), "2");
  EXPECT_EQ(service_names(r.json().at(1)), (Strings{"Personality Test", "Live Interview"}));
  r = admin_.get("/api/v1/interview/job/" + std::to_string(other_job) + "/interview-modules");
  ASSERT_EQ(r.status, 200) << r.body;  // without the trailing slash too
  EXPECT_EQ(e2e::ids(r), std::vector<std::int64_t>{b});

  // A job without modules: an empty list; an unknown job: 404.
  const auto empty_job = e2e::create_job(admin_, "Empty");
  r = admin_.get("/api/v1/interview/job/" + std::to_string(empty_job) + "/interview-modules/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.json().get_array().size(), 0u);
  EXPECT_EQ(r.header("x-total-count"), "0");
  r = admin_.get("/api/v1/interview/job/999999999/interview-modules/");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(e2e::text(r, "detail"), "Job not found.");
  EXPECT_EQ(admin_.get("/api/v1/interview/job/abc/interview-modules/").status, 404);
}

TEST_F(Modules, Pagination) {
  std::vector<std::int64_t> all;
  for (int i = 0; i < 5; ++i) all.push_back(e2e::create_module(admin_, job_, {"Resume Screening"}));
  const std::string job_list =
      "/api/v1/interview/job/" + std::to_string(job_) + "/interview-modules/";
  for (const std::string& url :
       {std::string(kModules), std::string("/api/v1/interview/list/"), job_list}) {
    auto r = admin_.get(url + "?limit=2");
    ASSERT_EQ(r.status, 200) << url;
    EXPECT_EQ(e2e::ids(r), (std::vector<std::int64_t>{all[0], all[1]})) << url;
    EXPECT_EQ(r.header("x-total-count"), "5") << url;
    const auto link = r.header("link");
    EXPECT_NE(link.find("rel=\"next\""), std::string::npos) << url << " " << link;
    EXPECT_NE(link.find("limit=2&offset=2"), std::string::npos) << url << " " << link;
    EXPECT_NE(link.find(url), std::string::npos) << url << " " << link;
    // Each page's services belong to that page's modules.
    r = admin_.get(url + "?limit=2&offset=4");
    ASSERT_EQ(r.status, 200) << url;
    EXPECT_EQ(e2e::ids(r), std::vector<std::int64_t>{all[4]}) << url;
    EXPECT_EQ(service_names(r.json().at(0)), Strings{"Resume Screening"}) << url;
    EXPECT_EQ(r.header("x-total-count"), "5") << url;
    EXPECT_EQ(r.header("link").find("rel=\"next\""), std::string::npos) << url;
  }
}

TEST_F(Modules, ServiceStepsByNameAndAlias) {
  auto own =
      admin_.post("/api/v1/services/", R"({"name":"Café & Co/Panel","kind":"live_interview"})");
  ASSERT_EQ(own.status, 201) << own.body;
  const auto id = e2e::id_of(admin_.post(
      kModules,
      module_body(
          "Steps", job_,
          Json::raw(
              R"([{"service_name":"Resume Screening","order":1,"preferences":{"pass_score":70,"k":"v"}},)"
              R"({"service_name":"Café & Co/Panel","order":2}])"))));
  for (const auto& url :
       {steps_url(id, "Resume%20Screening"), alias_url(id, "Resume%20Screening")}) {
    auto r = admin_.get(url);
    ASSERT_EQ(r.status, 200) << url << " " << r.body;
    auto v = r.json();
    EXPECT_EQ(std::int64_t(v["module"]), id);
    EXPECT_EQ(std::string_view(v["service"]["name"]), "Resume Screening");
    EXPECT_EQ(std::int64_t(v["service"]["id"]), e2e::service_id(admin_, "Resume Screening"));
    EXPECT_EQ(std::string_view(v["service"]["kind"]), "resume_screening");
    EXPECT_TRUE(bool(v["service"]["is_builtin"]));
    EXPECT_EQ(std::int64_t(v["order"]), 1);
    EXPECT_EQ(simdjson::minify(v["preferences"]), R"({"pass_score":70,"k":"v"})");
  }
  // Percent-encoded UTF-8, "&" and "/" in a name.
  for (const auto& url : {steps_url(id, "Caf%C3%A9%20%26%20Co%2FPanel"),
                          alias_url(id, "Caf%C3%A9%20%26%20Co%2FPanel")}) {
    auto r = admin_.get(url);
    ASSERT_EQ(r.status, 200) << url << " " << r.body;
    EXPECT_EQ(std::string_view(r.json()["service"]["name"]), "Café & Co/Panel");
    EXPECT_EQ(std::int64_t(r.json()["order"]), 2);
    EXPECT_EQ(simdjson::minify(r.json()["preferences"]), "{}");
  }
  // A service that exists but is not in the module, an unknown one, a missing module.
  for (const auto& url :
       {steps_url(id, "Video%20Interview"), alias_url(id, "Video%20Interview"),
        steps_url(id, "No%20Such"), alias_url(id, "resume%20screening"),
        steps_url(999999999, "Resume%20Screening"), alias_url(999999999, "Resume%20Screening")}) {
    auto r = admin_.get(url);
    EXPECT_EQ(r.status, 404) << url << " " << r.body;
    EXPECT_TRUE(r.json()["detail"].is_string()) << url;
  }
}

TEST_F(Modules, InterviewerReadsButCannotWrite) {
  const auto id = e2e::create_module(admin_, job_, {"Resume Screening"});
  auto interviewer = e2e::create_user(admin_, "interviewer");
  for (const auto& url :
       {std::string(kModules), module_url(id), std::string("/api/v1/interview/list/"),
        "/api/v1/interview/job/" + std::to_string(job_) + "/interview-modules/",
        steps_url(id, "Resume%20Screening"), alias_url(id, "Resume%20Screening")}) {
    EXPECT_EQ(interviewer.get(url).status, 200) << url;
  }
  const std::string forbidden = "You do not have permission to perform this action.";
  auto r = interviewer.post(kModules, module_body("Mine", job_, e2e::array({})));
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(e2e::text(r, "detail"), forbidden);
  r = interviewer.put(module_url(id), R"({"name":"Mine","services":[]})");
  EXPECT_EQ(r.status, 403);
  r = interviewer.patch(module_url(id), R"({"name":"Mine"})");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(e2e::text(r, "detail"), forbidden);
  EXPECT_EQ(interviewer.del(module_url(id)).status, 403);
  auto got = admin_.get(module_url(id));
  ASSERT_EQ(got.status, 200);
  EXPECT_NE(e2e::text(got, "name"), "Mine");
  EXPECT_EQ(service_names(got.json()), Strings{"Resume Screening"});
  EXPECT_TRUE(got.json()["updated_at"].is_null());
  EXPECT_EQ(admin_.get(kModules).header("x-total-count"), "1");

  Client anonymous;
  anonymous.server = server_;
  EXPECT_EQ(anonymous.get(kModules).status, 401);
  EXPECT_EQ(anonymous.get(module_url(id)).status, 401);
}

TEST_F(Modules, AnotherOrganizationsModuleIsMissingEverywhere) {
  const auto id = e2e::create_module(admin_, job_, {"Resume Screening", "Video Interview"});
  const auto before = admin_.get(module_url(id)).body;
  auto other = e2e::register_org(*server_, "Other Org");
  std::vector<e2e::HttpResponse> answers = {
      other.get(module_url(id)),
      other.put(module_url(id), R"({"name":"Taken","services":[]})"),
      other.patch(module_url(id), R"({"name":"Taken"})"),
      other.del(module_url(id)),
      other.get(steps_url(id, "Resume%20Screening")),
      other.get(alias_url(id, "Resume%20Screening")),
      other.get("/api/v1/interview/job/" + std::to_string(job_) + "/interview-modules/"),
  };
  for (std::size_t i = 0; i < answers.size(); ++i) {
    EXPECT_EQ(answers[i].status, 404) << i << " " << answers[i].body;
  }
  EXPECT_EQ(e2e::text(answers[0], "detail"),
            e2e::text(admin_.get(module_url(999999999)), "detail"));
  EXPECT_EQ(e2e::text(answers[6], "detail"), "Job not found.");
  for (const char* url : {"/api/v1/interview/list/", kModules}) {
    auto r = other.get(url);
    EXPECT_EQ(r.json().get_array().size(), 0u) << url;
    EXPECT_EQ(r.header("x-total-count"), "0") << url;
  }
  EXPECT_EQ(admin_.get(module_url(id)).body, before);
}

TEST_F(Modules, ConcurrentUpdatesOfOneModule) {
  const auto id = e2e::create_module(admin_, job_, {"Resume Screening", "Personality Test"});
  const std::vector<std::string> bodies = {
      R"({"name":"A","services":[{"service_name":"Video Interview","order":1},)"
      R"({"service_name":"Live Interview","order":2}]})",
      R"({"name":"B","services":[{"service_name":"Live Interview","order":1},)"
      R"({"service_name":"Video Interview","order":2},{"service_name":"Resume Screening","order":3}]})",
  };
  std::mutex mu;
  std::vector<std::string> unexpected;
  std::vector<std::thread> threads;
  for (int i = 0; i < 16; ++i) {
    threads.emplace_back([&, i] {
      auto r = admin_.put(module_url(id), bodies[i % 2]);
      if (r.status != 200) {
        std::lock_guard lock(mu);
        unexpected.push_back(std::to_string(r.status) + " " + r.body);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << ": " << unexpected.front();
  // The module is one of the two bodies, whole.
  auto got = admin_.get(module_url(id));
  ASSERT_EQ(got.status, 200);
  const auto names = service_names(got.json());
  if (e2e::text(got, "name") == "A") {
    EXPECT_EQ(names, (Strings{"Video Interview", "Live Interview"}));
  } else {
    EXPECT_EQ(names, (Strings{"Live Interview", "Video Interview", "Resume Screening"}));
  }
}

// Modules created while their job is deleted: attached (then detached by the
// delete) or refused with 400; never a 500.
TEST_F(Modules, CreatingModulesWhileTheJobIsDeleted) {
  std::vector<std::string> unexpected;
  for (int round = 0; round < 20; ++round) {
    const auto job = e2e::create_job(admin_, "Doomed");
    const auto found = e2e::race_with_deletion(
        6,
        [&](std::size_t) {
          return admin_.post(
              kModules,
              module_body("Racer", job,
                          Json::raw(R"([{"service_name":"Resume Screening","order":1}])")));
        },
        {201, 400}, [&] { return admin_.del("/api/v1/jobs/" + std::to_string(job) + "/"); });
    unexpected.insert(unexpected.end(), found.begin(), found.end());
  }
  EXPECT_TRUE(unexpected.empty()) << unexpected.size() << ": " << unexpected.front();
  const auto all = admin_.get(std::string(kModules) + "?limit=1000");
  for (auto m : all.json().get_array()) {
    EXPECT_TRUE(m["job"].is_null()) << simdjson::minify(m);
  }
}

}  // namespace
