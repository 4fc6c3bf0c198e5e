// /auth/: register, token login (and its throttle), logout, me.
#include <gtest/gtest.h>

#include "harness.hpp"

namespace {

class Auth : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new e2e::Server(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static e2e::Server* server_;
};
e2e::Server* Auth::server_ = nullptr;

TEST_F(Auth, RegisterCreatesOrganizationAndAdmin) {
  auto email = e2e::unique("Owner") + "@Example.com";
  auto r = server_->request("POST", "/api/v1/auth/register/",
                            R"({"organization":{"name":"Acme"},"name":"Ann","email":")" + email +
                                R"(","password":"long enough"})");
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(std::string_view(r.json()["organization"]["name"]), "Acme");
  EXPECT_EQ(std::string_view(r.json()["user"]["role"]), "admin");
  EXPECT_EQ(int64_t(r.json()["user"]["organization"]), int64_t(r.json()["organization"]["id"]));
  EXPECT_GE(std::string_view(r.json()["token"]).size(), 64u);
  EXPECT_FALSE(r.header("x-request-id").empty());

  e2e::Client c;
  c.server = server_;
  c.token = std::string(std::string_view(r.json()["token"]));
  auto me = c.get("/api/v1/auth/me/");
  ASSERT_EQ(me.status, 200) << me.body;
  // Emails are kept lowercased.
  std::string lowered = email;
  for (char& ch : lowered) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  EXPECT_EQ(std::string_view(me.json()["user"]["email"]), lowered);
}

TEST_F(Auth, LoginLogoutAndBearer) {
  auto admin = e2e::register_org(*server_, "Globex");
  auto login = server_->request("POST", "/api/v1/auth/token/",
                                R"({"email":")" + admin.email + R"(","password":")" +
                                    admin.password + R"("})");
  ASSERT_EQ(login.status, 200) << login.body;
  std::string token(std::string_view(login.json()["token"]));
  auto me = server_->request("GET", "/api/v1/auth/me/", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(me.status, 200);
  auto out = server_->request("POST", "/api/v1/auth/logout/", "", {{"Authorization", "Token " + token}});
  EXPECT_EQ(out.status, 204);
  me = server_->request("GET", "/api/v1/auth/me/", "", {{"Authorization", "Token " + token}});
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(std::string_view(me.json()["detail"]), "Invalid token.");
}

}  // namespace
