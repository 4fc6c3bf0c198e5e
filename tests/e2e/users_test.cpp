// /users/: an admin manages the users of their organization; nobody else may,
// and another organization's users are invisible (404, nothing changed).
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "fixtures.hpp"

namespace {

using e2e::kForbidden;
using e2e::kNotFound;

class Users : public e2e::SharedServerTest<Users> {};

std::string user_path(std::int64_t id) {
  return "/api/v1/users/" + std::to_string(id) + "/";
}

using e2e::ids;
using e2e::login;

TEST_F(Users, ListIsPagedWithTotalAndLinks) {
  auto other = e2e::register_org(*server_, "Elsewhere");
  e2e::create_user(other, "recruiter");
  auto admin = e2e::register_org(*server_, "Paged");
  std::vector<std::int64_t> all = {admin.user_id};
  for (int i = 0; i < 4; ++i) all.push_back(e2e::create_user(admin, "interviewer").user_id);

  auto r = admin.get("/api/v1/users/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("x-total-count"), "5");
  EXPECT_EQ(ids(r), all);  // by id, only this organization's
  EXPECT_EQ(r.header("link"), "");

  r = admin.get("/api/v1/users/?limit=2");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.header("x-total-count"), "5");
  EXPECT_EQ(ids(r), (std::vector<std::int64_t>{all[0], all[1]}));
  EXPECT_EQ(r.header("link"),
            "<" + server_->base_url() + "/api/v1/users/?limit=2&offset=2>; rel=\"next\"");

  r = admin.get("/api/v1/users/?limit=2&offset=2");
  EXPECT_EQ(ids(r), (std::vector<std::int64_t>{all[2], all[3]}));
  EXPECT_EQ(r.header("link"),
            "<" + server_->base_url() + "/api/v1/users/?limit=2&offset=4>; rel=\"next\", <" +
                server_->base_url() + "/api/v1/users/?limit=2&offset=0>; rel=\"prev\"");

  r = admin.get("/api/v1/users/?offset=4&limit=2");
  EXPECT_EQ(ids(r), (std::vector<std::int64_t>{all[4]}));
  EXPECT_EQ(r.header("link"),
            "<" + server_->base_url() + "/api/v1/users/?limit=2&offset=2>; rel=\"prev\"");

  r = admin.get("/api/v1/users/?offset=50");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "[]");
  EXPECT_EQ(r.header("x-total-count"), "5");

  // Bad values fall back to the defaults.
  r = admin.get("/api/v1/users/?limit=abc&offset=-1");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(ids(r), all);
}

TEST_F(Users, CreateWithRoleAndPasswordThenTheUserLogsIn) {
  auto admin = e2e::register_org(*server_, "Creates");
  const std::string email = e2e::unique("New.Person") + "@Example.com";
  auto r = admin.post("/api/v1/users/", e2e::Object{{"email", email},
                                                    {"name", "New Person"},
                                                    {"role", "recruiter"},
                                                    {"password", "s3cret pass"}});
  ASSERT_EQ(r.status, 201) << r.body;
  auto body = r.json();
  std::string lowered = email;
  for (char& c : lowered) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(std::string_view(body["email"]), lowered);
  EXPECT_EQ(std::string_view(body["name"]), "New Person");
  EXPECT_EQ(std::string_view(body["role"]), "recruiter");
  EXPECT_EQ(int64_t(body["organization"]), admin.org_id);
  EXPECT_EQ(bool(body["is_active"]), true);
  EXPECT_FALSE(std::string_view(body["created_at"]).empty());
  EXPECT_EQ(r.body.find("s3cret"), std::string::npos);
  EXPECT_EQ(r.body.find("password"), std::string::npos);

  auto session = login(*server_, email, "s3cret pass");
  ASSERT_EQ(session.status, 200) << session.body;
  EXPECT_EQ(std::string_view(session.json()["user"]["role"]), "recruiter");
  EXPECT_EQ(int64_t(session.json()["user"]["id"]), int64_t(body["id"]));
}

TEST_F(Users, CreateWithoutARoleMakesAnInterviewer) {
  auto admin = e2e::register_org(*server_, "Defaults");
  auto r =
      admin.post("/api/v1/users/", e2e::Object{{"email", e2e::unique("plain") + "@example.com"},
                                               {"name", "Plain"},
                                               {"password", "s3cret pass"}});
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::string_view(r.json()["role"]), "interviewer");
}

TEST_F(Users, RetrievePutAndPatch) {
  auto admin = e2e::register_org(*server_, "Edits");
  auto user = e2e::create_user(admin, "interviewer");
  const std::string path = user_path(user.user_id);

  auto r = admin.get(path);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(int64_t(r.json()["id"]), user.user_id);
  EXPECT_EQ(std::string_view(r.json()["email"]), user.email);
  const std::string created_at(std::string_view(r.json()["created_at"]));

  r = admin.put(path, R"({"name":"Renamed","role":"recruiter"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["name"]), "Renamed");
  EXPECT_EQ(std::string_view(r.json()["role"]), "recruiter");
  EXPECT_EQ(std::string_view(r.json()["email"]), user.email);
  EXPECT_EQ(std::string_view(r.json()["created_at"]), created_at);

  r = admin.patch(path, R"({"name":"Patched"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["name"]), "Patched");
  EXPECT_EQ(std::string_view(r.json()["role"]), "recruiter");  // untouched

  r = admin.patch(path, "{}");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["name"]), "Patched");

  r = admin.get(path);
  EXPECT_EQ(std::string_view(r.json()["name"]), "Patched");
  EXPECT_EQ(std::string_view(r.json()["role"]), "recruiter");
  // The user's token still works, with the new role.
  auto me = user.get("/api/v1/auth/me/");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(std::string_view(me.json()["user"]["role"]), "recruiter");
}

TEST_F(Users, PutNeedsNameAndRole) {
  auto admin = e2e::register_org(*server_, "Puts");
  auto user = e2e::create_user(admin, "interviewer");
  auto r = admin.put(user_path(user.user_id), "{}");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"name":["This field is required."],"role":["This field is required."]})");
}

TEST_F(Users, DeleteDeactivatesAndRevokesTokens) {
  auto admin = e2e::register_org(*server_, "Deletes");
  auto user = e2e::create_user(admin, "recruiter");
  ASSERT_EQ(user.get("/api/v1/auth/me/").status, 200);

  auto r = admin.del(user_path(user.user_id));
  EXPECT_EQ(r.status, 204);
  EXPECT_TRUE(r.body.empty());

  r = admin.get(user_path(user.user_id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bool(r.json()["is_active"]), false);
  auto me = user.get("/api/v1/auth/me/");
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(login(*server_, user.email, user.password).status, 400);

  // Reactivated, they log in again (their old token stays revoked).
  r = admin.patch(user_path(user.user_id), R"({"is_active":true})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bool(r.json()["is_active"]), true);
  EXPECT_EQ(user.get("/api/v1/auth/me/").status, 401);
  EXPECT_EQ(login(*server_, user.email, user.password).status, 200);
}

TEST_F(Users, PatchIsActiveFalseRevokesTokens) {
  auto admin = e2e::register_org(*server_, "Patches");
  auto user = e2e::create_user(admin, "interviewer");
  auto r = admin.patch(user_path(user.user_id), R"({"is_active":false})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(bool(r.json()["is_active"]), false);
  EXPECT_EQ(user.get("/api/v1/auth/me/").status, 401);
}

TEST_F(Users, PasswordChangeRevokesTokens) {
  auto admin = e2e::register_org(*server_, "Passwords");
  auto user = e2e::create_user(admin, "interviewer");
  auto second = login(*server_, user.email, user.password);
  ASSERT_EQ(second.status, 200);
  const std::string second_token(std::string_view(second.json()["token"]));

  auto r = admin.patch(user_path(user.user_id), R"({"password":"brand new password"})");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.body.find("brand new"), std::string::npos);
  EXPECT_EQ(user.get("/api/v1/auth/me/").status, 401);
  EXPECT_EQ(
      server_->request("GET", "/api/v1/auth/me/", "", {{"Authorization", "Token " + second_token}})
          .status,
      401);
  EXPECT_EQ(login(*server_, user.email, user.password).status, 400);
  EXPECT_EQ(login(*server_, user.email, "brand new password").status, 200);
  // The admin's own session is untouched.
  EXPECT_EQ(admin.get("/api/v1/auth/me/").status, 200);
}

TEST_F(Users, CreateValidation) {
  auto admin = e2e::register_org(*server_, "Validates");
  auto r = admin.post("/api/v1/users/", "{}");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"email":["This field is required."],"name":["This field is required."],)"
                    R"("password":["This field is required."]})");

  r = admin.post(
      "/api/v1/users/",
      R"({"email":"nope","name":"","password":"short","role":"boss","is_active":"yes"})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"email":["Enter a valid email address."],)"
                    R"("is_active":["Must be a valid boolean."],)"
                    R"("name":["This field may not be blank."],)"
                    R"("password":["Ensure this field has at least 8 characters."],)"
                    R"("role":["\"boss\" is not a valid choice."]})");

  r = admin.post("/api/v1/users/", e2e::Object{{"email", e2e::unique("long") + "@example.com"},
                                               {"name", std::string(201, 'n')},
                                               {"password", std::string(129, 'p')}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"name":["Ensure this field has no more than 200 characters."],)"
                    R"("password":["Ensure this field has no more than 128 characters."]})");
}

TEST_F(Users, CreateRefusesAnEmailTakenInAnyOrganization) {
  auto admin = e2e::register_org(*server_, "Dupes");
  auto other = e2e::register_org(*server_, "Other Dupes");
  for (const std::string& email : {admin.email, other.email}) {
    auto r =
        admin.post("/api/v1/users/",
                   e2e::Object{{"email", email}, {"name", "Dup"}, {"password", "long enough"}});
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.body, R"({"email":["A user with this email already exists."]})");
  }
  EXPECT_EQ(admin.get("/api/v1/users/").header("x-total-count"), "1");
}

TEST_F(Users, AdminCannotDeactivateOrDemoteThemselves) {
  auto admin = e2e::register_org(*server_, "Selfish");
  const std::string self = user_path(admin.user_id);
  auto r = admin.del(self);
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"non_field_errors":["You cannot deactivate yourself."]})");
  r = admin.patch(self, R"({"is_active":false})");
  EXPECT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"non_field_errors":["You cannot deactivate yourself."]})");
  for (const char* role : {"recruiter", "interviewer"}) {
    r = admin.patch(self, e2e::Object{{"role", role}});
    EXPECT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.body, R"({"non_field_errors":["You cannot change your own role."]})");
    r = admin.put(self, e2e::Object{{"name", "Me"}, {"role", role}});
    EXPECT_EQ(r.status, 400) << r.body;
  }
  // Nothing changed, and harmless self-edits still work.
  auto me = admin.get("/api/v1/auth/me/");
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(std::string_view(me.json()["user"]["role"]), "admin");
  EXPECT_EQ(bool(me.json()["user"]["is_active"]), true);
  r = admin.patch(self, R"({"name":"Still Admin","role":"admin","is_active":true})");
  EXPECT_EQ(r.status, 200) << r.body;
}

TEST_F(Users, OtherRolesAreForbiddenOnEveryRoute) {
  auto admin = e2e::register_org(*server_, "Roles");
  auto target = e2e::create_user(admin, "interviewer");
  const std::string path = user_path(target.user_id);
  for (const char* role : {"recruiter", "interviewer"}) {
    auto user = e2e::create_user(admin, role);
    const std::vector<std::pair<std::string, e2e::HttpResponse>> answers = {
        {"list", user.get("/api/v1/users/")},
        {"create",
         user.post("/api/v1/users/", e2e::Object{{"email", e2e::unique("x") + "@example.com"},
                                                 {"name", "X"},
                                                 {"password", "long enough"}})},
        {"retrieve", user.get(path)},
        {"retrieve self", user.get(user_path(user.user_id))},
        {"put", user.put(path, R"({"name":"Hacked","role":"admin"})")},
        {"patch", user.patch(path, R"({"role":"admin"})")},
        {"patch self", user.patch(user_path(user.user_id), R"({"role":"admin"})")},
        {"delete", user.del(path)},
    };
    for (const auto& [what, r] : answers) {
      EXPECT_EQ(r.status, 403) << role << " " << what << ": " << r.body;
      EXPECT_EQ(r.body, kForbidden) << role << " " << what;
    }
  }
  // Nothing happened to anyone.
  auto r = admin.get("/api/v1/users/");
  EXPECT_EQ(r.header("x-total-count"), "4");
  r = admin.get(path);
  EXPECT_EQ(std::string_view(r.json()["role"]), "interviewer");
  EXPECT_EQ(bool(r.json()["is_active"]), true);
  EXPECT_EQ(target.get("/api/v1/auth/me/").status, 200);
}

TEST_F(Users, AnotherOrganizationsUsersAreNotFoundAndUntouched) {
  auto admin = e2e::register_org(*server_, "Curious");
  auto other_admin = e2e::register_org(*server_, "Private");
  auto other = e2e::create_user(other_admin, "recruiter");
  for (std::int64_t id : {other.user_id, other_admin.user_id}) {
    const std::string path = user_path(id);
    const std::vector<std::pair<std::string, e2e::HttpResponse>> answers = {
        {"get", admin.get(path)},
        {"put", admin.put(path, R"({"name":"Hacked","role":"interviewer"})")},
        {"patch", admin.patch(path, R"({"name":"Hacked","is_active":false})")},
        {"patch password", admin.patch(path, R"({"password":"hacked password"})")},
        {"delete", admin.del(path)},
    };
    for (const auto& [what, r] : answers) {
      EXPECT_EQ(r.status, 404) << what << ": " << r.body;
      EXPECT_EQ(r.body, kNotFound) << what;
    }
  }
  // Seen from their own admin, nothing changed and their sessions live on.
  auto r = other_admin.get(user_path(other.user_id));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["name"]), "recruiter user");
  EXPECT_EQ(std::string_view(r.json()["role"]), "recruiter");
  EXPECT_EQ(bool(r.json()["is_active"]), true);
  EXPECT_EQ(other.get("/api/v1/auth/me/").status, 200);
  EXPECT_EQ(other_admin.get("/api/v1/auth/me/").status, 200);
  EXPECT_EQ(login(*server_, other.email, other.password).status, 200);
  r = other_admin.get("/api/v1/auth/me/");
  EXPECT_EQ(std::string_view(r.json()["user"]["role"]), "admin");
  EXPECT_EQ(std::string_view(r.json()["user"]["name"]), "Admin");
  // And an id that exists nowhere answers the same.
  EXPECT_EQ(admin.get(user_path(999999999)).body, kNotFound);
}

TEST_F(Users, AnonymousIsUnauthenticated) {
  auto r = server_->request("GET", "/api/v1/users/");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"detail":"Authentication credentials were not provided."})");
  r = server_->request("DELETE", "/api/v1/users/1/");
  EXPECT_EQ(r.status, 401);
}

}  // namespace
