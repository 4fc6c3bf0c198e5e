// /auth/: register, token login (and its throttle), logout, me.
#include <gtest/gtest.h>

#include <cctype>
#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "harness.hpp"
#include "json_body.hpp"

namespace {

e2e::HttpResponse as(const e2e::Server& server, const std::string& authorization,
                     const std::string& target = "/api/v1/auth/me/") {
  return server.request("GET", target, "", {{"Authorization", authorization}});
}

// "2026-11-28T15:04:05Z" (no std::regex: g++ 12 warns inside it under the sanitizers).
bool rfc3339_utc(std::string_view s) {
  const std::string_view shape = "dddd-dd-ddTdd:dd:ddZ";
  if (s.size() != shape.size()) return false;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (shape[i] == 'd' ? !std::isdigit(static_cast<unsigned char>(s[i])) : s[i] != shape[i]) {
      return false;
    }
  }
  return true;
}

// A registration of `name` <`email`> with the organization `org`.
std::string register_body(const std::string& org, const std::string& name, const std::string& email,
                          const std::string& password) {
  return e2e::Object{{"organization", e2e::Object{{"name", org}}},
                     {"name", name},
                     {"email", email},
                     {"password", password}};
}

constexpr const char* kBadCredentials =
    R"({"non_field_errors":["Unable to log in with provided credentials."]})";

class Auth : public e2e::SharedServerTest<Auth> {};

TEST_F(Auth, RegisterCreatesOrganizationAndAdmin) {
  auto email = e2e::unique("Owner") + "@Example.com";
  auto r = server_->request("POST", "/api/v1/auth/register/",
                            register_body("Acme", "Ann", email, "long enough"));
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
  auto login = e2e::login(*server_, admin.email, admin.password);
  ASSERT_EQ(login.status, 200) << login.body;
  std::string token(std::string_view(login.json()["token"]));
  auto me = server_->request("GET", "/api/v1/auth/me/", "", {{"Authorization", "Bearer " + token}});
  EXPECT_EQ(me.status, 200);
  auto out =
      server_->request("POST", "/api/v1/auth/logout/", "", {{"Authorization", "Token " + token}});
  EXPECT_EQ(out.status, 204);
  me = server_->request("GET", "/api/v1/auth/me/", "", {{"Authorization", "Token " + token}});
  EXPECT_EQ(me.status, 401);
  EXPECT_EQ(std::string_view(me.json()["detail"]), "Invalid token.");
}

// --- registration ------------------------------------------------------------------

TEST_F(Auth, RegisterNamesEveryMissingFieldAtOnce) {
  auto r = server_->request("POST", "/api/v1/auth/register/", "{}");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(
      r.body,
      R"({"email":["This field is required."],"name":["This field is required."],)"
      R"("organization":["This field is required."],"password":["This field is required."]})");
  // An empty body reads as an empty object.
  r = server_->request("POST", "/api/v1/auth/register/", "");
  EXPECT_EQ(r.status, 400) << r.body;
}

TEST_F(Auth, RegisterNamesEveryBlankFieldAtOnceWithTheOrganizationNested) {
  auto r =
      server_->request("POST", "/api/v1/auth/register/",
                       R"({"organization":{"name":"  "},"name":"","email":" ","password":""})");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body,
            R"({"email":["This field may not be blank."],"name":["This field may not be blank."],)"
            R"("organization":{"name":["This field may not be blank."]},)"
            R"("password":["This field may not be blank."]})");
}

TEST_F(Auth, RegisterNestedOrganizationNameIsRequired) {
  auto r = server_->request("POST", "/api/v1/auth/register/",
                            e2e::Object{{"organization", e2e::Object{}},
                                        {"name", "Ann"},
                                        {"email", e2e::unique("nested") + "@example.com"},
                                        {"password", "long enough"}});
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"organization":{"name":["This field is required."]}})");
}

TEST_F(Auth, RegisterNamesEveryWrongTypeAtOnce) {
  auto r = server_->request("POST", "/api/v1/auth/register/",
                            R"({"organization":"Acme","name":5,"email":true,"password":12345678})");
  ASSERT_EQ(r.status, 400) << r.body;
  auto body = r.json();
  EXPECT_EQ(std::string_view(body["name"].at(0)), "Not a valid string.");
  EXPECT_EQ(std::string_view(body["email"].at(0)), "Not a valid string.");
  EXPECT_EQ(std::string_view(body["password"].at(0)), "Not a valid string.");
  EXPECT_FALSE(body["organization"].error()) << r.body;

  r = server_->request(
      "POST", "/api/v1/auth/register/",
      R"({"organization":{"name":["Acme"]},"name":null,"email":{},"password":[]})");
  ASSERT_EQ(r.status, 400) << r.body;
  body = r.json();
  EXPECT_EQ(std::string_view(body["organization"]["name"].at(0)), "Not a valid string.");
  EXPECT_EQ(std::string_view(body["name"].at(0)), "This field may not be null.");
  EXPECT_EQ(std::string_view(body["email"].at(0)), "Not a valid string.");
  EXPECT_EQ(std::string_view(body["password"].at(0)), "Not a valid string.");
}

TEST_F(Auth, RegisterRefusesAShortPassword) {
  auto r = server_->request(
      "POST", "/api/v1/auth/register/",
      register_body("Acme", "Ann", e2e::unique("short") + "@example.com", "1234567"));
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body, R"({"password":["Ensure this field has at least 8 characters."]})");
}

TEST_F(Auth, RegisterRefusesAnInvalidEmail) {
  for (const char* email : {"not-an-email", "a@b", "a b@example.com", "@example.com"}) {
    auto r = server_->request("POST", "/api/v1/auth/register/",
                              register_body("Acme", "Ann", email, "long enough"));
    ASSERT_EQ(r.status, 400) << email << " " << r.body;
    EXPECT_EQ(r.body, R"({"email":["Enter a valid email address."]})") << email;
  }
}

TEST_F(Auth, RegisterRefusesADuplicateEmailInAnyCase) {
  auto admin = e2e::register_org(*server_, "First");
  std::string upper = admin.email;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  for (const std::string& email : {admin.email, upper}) {
    auto r = server_->request("POST", "/api/v1/auth/register/",
                              register_body("Second", "Bob", email, "long enough"));
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.body, R"({"email":["A user with this email already exists."]})");
  }
  // The refused registration left no organization behind: the first admin still
  // sees exactly their own.
  auto orgs = admin.get("/api/v1/organizations/");
  EXPECT_EQ(orgs.header("x-total-count"), "1");
}

// --- login ---------------------------------------------------------------------------

TEST_F(Auth, LoginAnswersTokenExpiryAndUser) {
  auto admin = e2e::register_org(*server_, "Initech");
  auto r = e2e::login(*server_, admin.email, admin.password);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(std::string_view(r.json()["token"]).size(), 64u);
  EXPECT_NE(std::string_view(r.json()["token"]), admin.token);
  EXPECT_TRUE(rfc3339_utc(std::string_view(r.json()["expires_at"]))) << r.body;
  EXPECT_EQ(int64_t(r.json()["user"]["id"]), admin.user_id);
  EXPECT_TRUE(r.json()["user"]["password"].error() == simdjson::NO_SUCH_FIELD);
  // The email is matched without regard to case.
  std::string upper = admin.email;
  for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  EXPECT_EQ(e2e::login(*server_, upper, admin.password).status, 200);
}

TEST_F(Auth, LoginWithAWrongPasswordOrUnknownEmailGivesTheSameAnswer) {
  auto admin = e2e::register_org(*server_, "Umbrella");
  auto wrong = e2e::login(*server_, admin.email, "wrong password");
  EXPECT_EQ(wrong.status, 400);
  EXPECT_EQ(wrong.body, kBadCredentials);
  auto unknown = e2e::login(*server_, e2e::unique("nobody") + "@example.com", admin.password);
  EXPECT_EQ(unknown.status, 400);
  EXPECT_EQ(unknown.body, kBadCredentials);
}

TEST_F(Auth, LoginNamesMissingFields) {
  auto r = server_->request("POST", "/api/v1/auth/token/", "{}");
  ASSERT_EQ(r.status, 400) << r.body;
  EXPECT_EQ(r.body,
            R"({"email":["This field is required."],"password":["This field is required."]})");
}

TEST_F(Auth, RepeatedFailuresAreThrottledWithRetryAfter) {
  auto admin = e2e::register_org(*server_, "Throttled");
  for (int i = 0; i < 5; ++i) {
    auto r = e2e::login(*server_, admin.email, "wrong password");
    ASSERT_EQ(r.status, 400) << "attempt " << i << ": " << r.body;
  }
  // Now even the right password waits.
  for (const char* password : {"wrong password", "correct horse battery"}) {
    auto r = e2e::login(*server_, admin.email, password);
    ASSERT_EQ(r.status, 429) << r.body;
    const std::string retry_after = r.header("retry-after");
    ASSERT_FALSE(retry_after.empty());
    const int seconds = std::stoi(retry_after);
    EXPECT_GT(seconds, 0);
    EXPECT_LE(seconds, 15 * 60);
    EXPECT_EQ(std::string_view(r.json()["detail"]),
              "Request was throttled. Expected available in " + retry_after + " seconds.");
  }
  // Other emails are not affected, and the admin's tokens keep working.
  auto other = e2e::create_user(admin, "recruiter");
  EXPECT_EQ(e2e::login(*server_, other.email, other.password).status, 200);
  EXPECT_EQ(admin.get("/api/v1/auth/me/").status, 200);
}

TEST_F(Auth, UnknownEmailsAreThrottledToo) {
  const std::string email = e2e::unique("ghost") + "@example.com";
  for (int i = 0; i < 5; ++i) EXPECT_EQ(e2e::login(*server_, email, "whatever pw").status, 400);
  EXPECT_EQ(e2e::login(*server_, email, "whatever pw").status, 429);
}

TEST_F(Auth, ASuccessfulLoginResetsTheFailureCount) {
  auto admin = e2e::register_org(*server_, "Resets");
  for (int round = 0; round < 3; ++round) {
    for (int i = 0; i < 4; ++i) {
      auto r = e2e::login(*server_, admin.email, "wrong password");
      ASSERT_EQ(r.status, 400) << "round " << round << " attempt " << i << ": " << r.body;
    }
    ASSERT_EQ(e2e::login(*server_, admin.email, admin.password).status, 200) << "round " << round;
  }
}

TEST_F(Auth, ADeactivatedUserCannotLogIn) {
  auto admin = e2e::register_org(*server_, "Deactivates");
  auto user = e2e::create_user(admin, "interviewer");
  ASSERT_EQ(admin.del("/api/v1/users/" + std::to_string(user.user_id) + "/").status, 204);
  auto r = e2e::login(*server_, user.email, user.password);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, kBadCredentials);
  EXPECT_EQ(user.get("/api/v1/auth/me/").status, 401);
}

// --- tokens ----------------------------------------------------------------------------

TEST_F(Auth, TokenAndBearerSchemesInAnyCase) {
  auto admin = e2e::register_org(*server_, "Schemes");
  for (const std::string scheme : {"Token", "Bearer", "token", "bearer", "BEARER"}) {
    auto r = as(*server_, scheme + " " + admin.token);
    EXPECT_EQ(r.status, 200) << scheme << ": " << r.body;
  }
}

TEST_F(Auth, MalformedAuthorizationHeaders) {
  auto admin = e2e::register_org(*server_, "Malformed");
  const std::vector<std::string> headers = {"Token",
                                            "Bearer",
                                            "Token " + admin.token + " extra",
                                            "Basic dXNlcjpwYXNz",
                                            admin.token,
                                            "Token" + admin.token};
  for (const std::string& header : headers) {
    auto r = as(*server_, header);
    EXPECT_EQ(r.status, 401) << header;
    EXPECT_EQ(r.body, R"({"detail":"Invalid token header."})") << header;
    EXPECT_EQ(r.header("www-authenticate"), "Token") << header;
  }
}

TEST_F(Auth, MissingAndUnknownTokens) {
  auto r = server_->request("GET", "/api/v1/auth/me/");
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"detail":"Authentication credentials were not provided."})");
  EXPECT_EQ(r.header("www-authenticate"), "Token");
  r = as(*server_, "Token " + std::string(64, 'a'));
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, R"({"detail":"Invalid token."})");
  r = server_->request("POST", "/api/v1/auth/logout/");
  EXPECT_EQ(r.status, 401);
}

TEST_F(Auth, MeShowsTheUserAndTheirOrganization) {
  auto admin = e2e::register_org(*server_, "Me Corp");
  auto user = e2e::create_user(admin, "recruiter");
  auto r = user.get("/api/v1/auth/me/");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(int64_t(r.json()["user"]["id"]), user.user_id);
  EXPECT_EQ(std::string_view(r.json()["user"]["email"]), user.email);
  EXPECT_EQ(std::string_view(r.json()["user"]["role"]), "recruiter");
  EXPECT_EQ(bool(r.json()["user"]["is_active"]), true);
  EXPECT_EQ(int64_t(r.json()["organization"]["id"]), admin.org_id);
  EXPECT_EQ(std::string_view(r.json()["organization"]["name"]), "Me Corp");
}

TEST_F(Auth, LogoutRevokesOnlyTheTokenInUse) {
  auto admin = e2e::register_org(*server_, "Sessions");
  auto first = e2e::login(*server_, admin.email, admin.password);
  auto second = e2e::login(*server_, admin.email, admin.password);
  ASSERT_EQ(first.status, 200);
  ASSERT_EQ(second.status, 200);
  const std::string first_token(std::string_view(first.json()["token"]));
  const std::string second_token(std::string_view(second.json()["token"]));
  auto out = server_->request("POST", "/api/v1/auth/logout/", "",
                              {{"Authorization", "Bearer " + first_token}});
  EXPECT_EQ(out.status, 204);
  EXPECT_TRUE(out.body.empty());
  EXPECT_EQ(as(*server_, "Token " + first_token).status, 401);
  EXPECT_EQ(as(*server_, "Token " + second_token).status, 200);
  EXPECT_EQ(admin.get("/api/v1/auth/me/").status, 200);
  // Logging out twice with the same token: it is gone.
  out = server_->request("POST", "/api/v1/auth/logout/", "",
                         {{"Authorization", "Token " + first_token}});
  EXPECT_EQ(out.status, 401);
}

// Each node remembers valid tokens for at most a second: a token revoked on one node
// is refused by the other within that time (here: by 3 s, for a loaded machine), and
// at once by the node that revoked it.
std::chrono::milliseconds until_refused(const e2e::Server& node, const std::string& token,
                                        const std::string& target = "/api/v1/auth/me/") {
  const auto start = std::chrono::steady_clock::now();
  const auto deadline = start + std::chrono::seconds(3);
  while (std::chrono::steady_clock::now() < deadline) {
    const int status = as(node, "Token " + token, target).status;
    if (status == 401 || status == 403) break;
    EXPECT_EQ(status, 200);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() -
                                                               start);
}

// On PostgreSQL the other node refuses at once (the revocation is announced with
// NOTIFY before the answer leaves, and every node listens); on SQLite (nodes sharing
// one file) within the cache's second.
TEST(TokenRevocation, OtherNodesRefuseARevokedToken) {
  e2e::Server first;
  auto admin = e2e::register_org(first, "Two nodes");
  e2e::Server second(e2e::second_node_of(first));

  // Logout on the first node; the second had the token in use.
  auto session = e2e::login(first, admin.email, admin.password);
  ASSERT_EQ(session.status, 200);
  const std::string token(std::string_view(session.json()["token"]));
  ASSERT_EQ(as(second, "Token " + token).status, 200);
  ASSERT_EQ(first.request("POST", "/api/v1/auth/logout/", "", {{"Authorization", "Token " + token}})
                .status,
            204);
  EXPECT_EQ(as(first, "Token " + token).status, 401);
  if (e2e::on_postgres()) {
    EXPECT_EQ(as(second, "Token " + token).status, 401) << "not at once";
  }
  auto waited = until_refused(second, token);
  EXPECT_EQ(as(second, "Token " + token).status, 401);
  EXPECT_LT(waited.count(), 3000);

  // A user deactivated on the first node.
  auto recruiter = e2e::create_user(admin, "recruiter");
  ASSERT_EQ(as(second, "Token " + recruiter.token).status, 200);
  auto off = admin.patch("/api/v1/users/" + std::to_string(recruiter.user_id) + "/",
                         R"({"is_active":false})");
  ASSERT_EQ(off.status, 200) << off.body;
  EXPECT_EQ(as(first, "Token " + recruiter.token).status, 401);
  if (e2e::on_postgres()) {
    EXPECT_EQ(as(second, "Token " + recruiter.token).status, 401) << "not at once";
  }
  waited = until_refused(second, recruiter.token);
  EXPECT_EQ(as(second, "Token " + recruiter.token).status, 401);
  EXPECT_LT(waited.count(), 3000);

  // An admin made an interviewer loses the admin routes on both nodes.
  auto other = e2e::create_user(admin, "admin");
  ASSERT_EQ(as(second, "Token " + other.token, "/api/v1/users/").status, 200);
  auto demoted = admin.patch("/api/v1/users/" + std::to_string(other.user_id) + "/",
                             R"({"role":"interviewer"})");
  ASSERT_EQ(demoted.status, 200) << demoted.body;
  EXPECT_EQ(as(first, "Token " + other.token, "/api/v1/users/").status, 403);
  if (e2e::on_postgres()) {
    EXPECT_EQ(as(second, "Token " + other.token, "/api/v1/users/").status, 403) << "not at once";
  }
  waited = until_refused(second, other.token, "/api/v1/users/");
  EXPECT_EQ(as(second, "Token " + other.token, "/api/v1/users/").status, 403);
  EXPECT_LT(waited.count(), 3000);
}

}  // namespace
