// /organizations/: a user sees only their own; only its admin may rename it.
#include <gtest/gtest.h>

#include <string>

#include "fixtures.hpp"

namespace {

using e2e::kForbidden;
using e2e::kNotFound;

class Organizations : public e2e::SharedServerTest<Organizations> {};

std::string org_path(std::int64_t id) {
  return "/api/v1/organizations/" + std::to_string(id) + "/";
}

TEST_F(Organizations, ListShowsOnlyTheCallersOwn) {
  auto other = e2e::register_org(*server_, "Someone Else");
  auto admin = e2e::register_org(*server_, "Mine");
  for (const auto& client : {admin, e2e::create_user(admin, "interviewer")}) {
    auto r = client.get("/api/v1/organizations/");
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(r.header("x-total-count"), "1");
    simdjson::dom::array list = r.json().get_array();
    ASSERT_EQ(list.size(), 1u);
    EXPECT_EQ(int64_t(list.at(0)["id"]), admin.org_id);
    EXPECT_EQ(std::string_view(list.at(0)["name"]), "Mine");
    EXPECT_FALSE(std::string_view(list.at(0)["created_at"]).empty());
  }
  // Past the only page: an empty list, the same total.
  auto r = admin.get("/api/v1/organizations/?offset=1");
  EXPECT_EQ(r.body, "[]");
  EXPECT_EQ(r.header("x-total-count"), "1");
  r = other.get("/api/v1/organizations/");
  EXPECT_EQ(int64_t(r.json().at(0)["id"]), other.org_id);
}

TEST_F(Organizations, RetrieveOwnButNotAnothers) {
  auto admin = e2e::register_org(*server_, "Retrievable");
  auto other = e2e::register_org(*server_, "Hidden");
  auto recruiter = e2e::create_user(admin, "recruiter");
  for (const auto& client : {admin, recruiter}) {
    auto r = client.get(org_path(admin.org_id));
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(int64_t(r.json()["id"]), admin.org_id);
    EXPECT_EQ(std::string_view(r.json()["name"]), "Retrievable");

    r = client.get(org_path(other.org_id));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, kNotFound);
    r = client.get(org_path(999999999));
    EXPECT_EQ(r.status, 404);
    EXPECT_EQ(r.body, kNotFound);
  }
}

TEST_F(Organizations, AdminRenamesWithPatchAndPut) {
  auto admin = e2e::register_org(*server_, "Old Name");
  auto r = admin.patch(org_path(admin.org_id), R"({"name":"  New Name  "})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["name"]), "New Name");
  EXPECT_EQ(std::string_view(admin.get(org_path(admin.org_id)).json()["name"]), "New Name");

  r = admin.put(org_path(admin.org_id), R"({"name":"Put Name","id":12345,"created_at":"x"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["name"]), "Put Name");
  EXPECT_EQ(int64_t(r.json()["id"]), admin.org_id);  // read-only fields are ignored

  // PATCH without fields changes nothing; PUT needs the name.
  r = admin.patch(org_path(admin.org_id), "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["name"]), "Put Name");
  r = admin.put(org_path(admin.org_id), "{}");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"name":["This field is required."]})");
  r = admin.patch(org_path(admin.org_id), R"({"name":""})");
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"name":["This field may not be blank."]})");
  r = admin.patch(org_path(admin.org_id), e2e::Object{{"name", std::string(201, 'x')}});
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, R"({"name":["Ensure this field has no more than 200 characters."]})");
  EXPECT_EQ(std::string_view(admin.get(org_path(admin.org_id)).json()["name"]), "Put Name");
  // The new name shows in /auth/me/ too.
  EXPECT_EQ(std::string_view(admin.get("/api/v1/auth/me/").json()["organization"]["name"]),
            "Put Name");
}

TEST_F(Organizations, OtherRolesMayNotRename) {
  auto admin = e2e::register_org(*server_, "Guarded");
  for (const char* role : {"recruiter", "interviewer"}) {
    auto user = e2e::create_user(admin, role);
    auto r = user.patch(org_path(admin.org_id), R"({"name":"Taken Over"})");
    EXPECT_EQ(r.status, 403) << role;
    EXPECT_EQ(r.body, kForbidden);
    r = user.put(org_path(admin.org_id), R"({"name":"Taken Over"})");
    EXPECT_EQ(r.status, 403) << role;
    EXPECT_EQ(r.body, kForbidden);
  }
  EXPECT_EQ(std::string_view(admin.get(org_path(admin.org_id)).json()["name"]), "Guarded");
}

TEST_F(Organizations, AnotherOrganizationCannotBeRenamed) {
  auto admin = e2e::register_org(*server_, "Attacker");
  auto other = e2e::register_org(*server_, "Victim");
  auto r = admin.patch(org_path(other.org_id), R"({"name":"Pwned"})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, kNotFound);
  r = admin.put(org_path(other.org_id), R"({"name":"Pwned"})");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.body, kNotFound);
  r = admin.patch(org_path(other.org_id), "{}");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(std::string_view(other.get(org_path(other.org_id)).json()["name"]), "Victim");
}

TEST_F(Organizations, AnonymousIsUnauthenticated) {
  EXPECT_EQ(server_->request("GET", "/api/v1/organizations/").status, 401);
  EXPECT_EQ(server_->request("PATCH", org_path(1), R"({"name":"x"})").status, 401);
}

}  // namespace
