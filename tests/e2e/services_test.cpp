// /services/: the built-in services, an organization's own, name uniqueness,
// roles and other organizations' ids.
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <thread>

#include "fixtures.hpp"

namespace {

using e2e::errors;
using e2e::id_of;
using e2e::ids;
using e2e::text;

using Strings = std::vector<std::string>;
using Ids = std::vector<std::int64_t>;

class Services : public e2e::SharedServerTest<Services> {};

const Strings kBuiltins = {"Resume Screening", "Personality Test", "Video Interview",
                           "Technical Assessment", "Live Interview"};

Strings names(const e2e::HttpResponse& r) {
  Strings out;
  for (auto item : r.json().get_array()) out.emplace_back(std::string_view(item["name"]));
  return out;
}

std::string url(std::int64_t id) {
  return "/api/v1/services/" + std::to_string(id) + "/";
}

std::int64_t create(const e2e::Client& c, const std::string& name,
                    const std::string& kind = "questionnaire") {
  return e2e::create_in(c, "/api/v1/services/", e2e::Object{{"name", name}, {"kind", kind}});
}

TEST_F(Services, BuiltinsAreListedForEveryOrganization) {
  auto admin = e2e::register_org(*server_, "Svc Builtins");
  auto interviewer = e2e::create_user(admin, "interviewer");
  auto r = interviewer.get("/api/v1/services/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(names(r), kBuiltins);
  EXPECT_EQ(r.header("x-total-count"), "5");
  for (auto item : r.json().get_array()) {
    EXPECT_TRUE(bool(item["is_builtin"]));
    EXPECT_FALSE(std::string_view(item["description"]).empty());
  }
  auto list = ids(r);
  EXPECT_TRUE(std::is_sorted(list.begin(), list.end()));
  const auto kinds = r.json().at(0)["kind"];
  EXPECT_EQ(std::string_view(kinds), "resume_screening");

  auto one = interviewer.get(url(list[2]));
  ASSERT_EQ(one.status, 200);
  EXPECT_EQ(text(one, "name"), "Video Interview");
  EXPECT_EQ(text(one, "kind"), "video_interview");
  EXPECT_TRUE(bool(one.json()["is_builtin"]));

  r = admin.get("/api/v1/services/?limit=2&offset=2");
  EXPECT_EQ(names(r), (Strings{"Video Interview", "Technical Assessment"}));
  EXPECT_EQ(r.header("x-total-count"), "5");
  EXPECT_NE(r.header("link").find("limit=2&offset=4>; rel=\"next\""), std::string::npos)
      << r.header("link");
  EXPECT_NE(r.header("link").find("limit=2&offset=0>; rel=\"prev\""), std::string::npos);
}

TEST_F(Services, CreateOwnService) {
  auto admin = e2e::register_org(*server_, "Svc Create");
  auto recruiter = e2e::create_user(admin, "recruiter");
  auto r = admin.post("/api/v1/services/",
                      R"({"name":"Culture Fit","kind":"questionnaire","is_builtin":true,"id":1})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(text(r, "name"), "Culture Fit");
  EXPECT_EQ(text(r, "kind"), "questionnaire");
  EXPECT_EQ(text(r, "description"), "");
  EXPECT_FALSE(bool(r.json()["is_builtin"]));
  const auto own = id_of(r);
  EXPECT_EQ(admin.get(url(own)).body, r.body);

  r = recruiter.post(
      "/api/v1/services/",
      R"({"name":"Pair Programming","kind":"live_interview","description":"Two hours."})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(text(r, "description"), "Two hours.");

  auto list = admin.get("/api/v1/services/");
  EXPECT_EQ(list.header("x-total-count"), "7");
  Strings expected = kBuiltins;
  expected.push_back("Culture Fit");
  expected.push_back("Pair Programming");
  EXPECT_EQ(names(list), expected);
}

TEST_F(Services, CreateValidation) {
  auto admin = e2e::register_org(*server_, "Svc Validation");
  auto r = admin.post("/api/v1/services/", "{}");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "name"), Strings{"This field is required."});
  EXPECT_EQ(errors(r, "kind"), Strings{"This field is required."});

  r = admin.post("/api/v1/services/", e2e::Object{{"name", std::string(101, 's')},
                                                  {"kind", "dancing"},
                                                  {"description", std::string(2001, 'd')}});
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "name"), Strings{"Ensure this field has no more than 100 characters."});
  EXPECT_EQ(errors(r, "kind"), Strings{"\"dancing\" is not a valid choice."});
  EXPECT_EQ(errors(r, "description"),
            Strings{"Ensure this field has no more than 2000 characters."});

  r = admin.post("/api/v1/services/", R"({"name":" ","kind":3})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "name"), Strings{"This field may not be blank."});
  EXPECT_EQ(errors(r, "kind"), Strings{"\"3\" is not a valid choice."});

  r = admin.post("/api/v1/services/", e2e::Object{{"name", std::string(100, 's')},
                                                  {"kind", "assessment"},
                                                  {"description", std::string(2000, 'd')}});
  EXPECT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(admin.get("/api/v1/services/").header("x-total-count"), "6");
}

TEST_F(Services, NamesAreUniqueAmongWhatTheOrganizationSees) {
  auto admin = e2e::register_org(*server_, "Svc Unique");
  auto other = e2e::register_org(*server_, "Svc Unique Other");
  for (const auto& builtin : kBuiltins) {
    auto r =
        admin.post("/api/v1/services/", e2e::Object{{"name", builtin}, {"kind", "questionnaire"}});
    ASSERT_EQ(r.status, 400) << builtin;
    EXPECT_EQ(r.body, R"({"name":["A service with this name already exists."]})");
  }
  create(admin, "Homework");
  auto r = admin.post("/api/v1/services/", R"({"name":"Homework","kind":"assessment"})");
  ASSERT_EQ(r.status, 400);
  EXPECT_EQ(errors(r, "name"), Strings{"A service with this name already exists."});
  // Another organization has its own names.
  EXPECT_EQ(other.post("/api/v1/services/", R"({"name":"Homework","kind":"assessment"})").status,
            201);
  EXPECT_EQ(admin.get("/api/v1/services/").header("x-total-count"), "6");
}

TEST_F(Services, ConcurrentCreationWithOneNameCreatesOne) {
  auto admin = e2e::register_org(*server_, "Svc Race");
  constexpr int kClients = 12;
  std::vector<int> statuses(kClients, 0);
  std::vector<std::thread> threads;
  std::atomic<bool> go{false};
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      while (!go) std::this_thread::yield();
      statuses[i] =
          admin.post("/api/v1/services/", R"({"name":"Racing","kind":"personality"})").status;
    });
  }
  go = true;
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 201), 1);
  EXPECT_EQ(std::count(statuses.begin(), statuses.end(), 400), kClients - 1);
  EXPECT_EQ(admin.get("/api/v1/services/").header("x-total-count"), "6");
}

TEST_F(Services, AnotherOrganizationsServiceIsNotFound) {
  auto owner = e2e::register_org(*server_, "Svc Owner");
  auto other = e2e::register_org(*server_, "Svc Stranger");
  const auto own = create(owner, "Secret Sauce");
  const auto before = owner.get(url(own)).body;

  auto r = other.get(url(own));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  r = owner.get(url(own + 100000));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, R"({"detail":"Not found."})");
  for (const char* bad : {"abc", "0", "-1", "1.5", "9223372036854775808"}) {
    EXPECT_EQ(owner.get(std::string("/api/v1/services/") + bad + "/").status, 404) << bad;
  }
  EXPECT_EQ(names(other.get("/api/v1/services/")), kBuiltins);
  // The stranger may even use the same name, and the owner's service is untouched.
  EXPECT_NE(create(other, "Secret Sauce"), own);
  EXPECT_EQ(owner.get(url(own)).body, before);
  EXPECT_EQ(owner.get("/api/v1/services/").header("x-total-count"), "6");
}

TEST_F(Services, RolesAuthenticationAndMethods) {
  auto admin = e2e::register_org(*server_, "Svc Roles");
  auto interviewer = e2e::create_user(admin, "interviewer");
  const auto own = create(admin, "Take-home");

  auto r = interviewer.post("/api/v1/services/", R"({"name":"Nope","kind":"questionnaire"})");
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(text(r, "detail"), "You do not have permission to perform this action.");
  EXPECT_EQ(interviewer.get(url(own)).status, 200);

  e2e::Client anonymous;
  anonymous.server = server_;
  for (auto a : {anonymous.get("/api/v1/services/"), anonymous.get(url(own)),
                 anonymous.post("/api/v1/services/", R"({"name":"N","kind":"questionnaire"})")}) {
    EXPECT_EQ(a.status, 401) << a.body;
    EXPECT_EQ(text(a, "detail"), "Authentication credentials were not provided.");
  }

  // Services are created and read, never changed or removed through the API.
  for (auto m : {admin.put(url(own), R"({"name":"x","kind":"questionnaire"})"),
                 admin.patch(url(own), R"({"name":"x"})"), admin.del(url(own)),
                 admin.post(url(own), "{}")}) {
    EXPECT_EQ(m.status, 405) << m.body;
    EXPECT_EQ(m.header("allow"), "GET");
  }
  r = admin.del("/api/v1/services/");
  EXPECT_EQ(r.status, 405);
  EXPECT_NE(r.header("allow").find("POST"), std::string::npos);
  EXPECT_EQ(text(admin.get(url(own)), "name"), "Take-home");
  EXPECT_EQ(admin.get("/api/v1/services/").header("x-total-count"), "6");
}

}  // namespace
