// Operations and cross-cutting HTTP behaviour: health and readiness, metrics,
// the API document, request ids, trailing slashes, 404/405, the access log.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "harness.hpp"
#include "json_body.hpp"
#include "page_checks.hpp"
#include "raw_socket.hpp"
#include "util/crypto.hpp"

namespace {

class Ops : public e2e::SharedServerTest<Ops> {};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

// The value of the metric line starting with `prefix`, or -1.
long counter(const std::string& metrics, const std::string& prefix) {
  auto at = metrics.find("\n" + prefix);
  if (at == std::string::npos) return -1;
  return std::stol(metrics.substr(at + 1 + prefix.size()));
}

// A request id the server made up: 16 lowercase hex digits.
bool generated_id(const std::string& id) {
  return id.size() == 16 && id.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// The server's JSON log lines that are access lines (they carry a route), once the
// line of request `request_id` is written (access lines are written in batches).
std::vector<std::string> access_lines(const e2e::Server& server, const std::string& request_id) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  std::string log = server.log();
  while (!contains(log, "\"request_id\":\"" + request_id + "\"") &&
         std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    log = server.log();
  }
  std::vector<std::string> out;
  std::istringstream in(log);
  std::string line;
  while (std::getline(in, line)) {
    if (contains(line, "\"route\":")) out.push_back(line);
  }
  return out;
}

TEST_F(Ops, HealthAndReadiness) {
  auto r = server_->request("GET", "/healthz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ok"})");
  r = server_->request("GET", "/readyz");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"status":"ready"})");
}

TEST_F(Ops, NotReadyWhileTheStorageFolderIsGone) {
  namespace fs = std::filesystem;
  const fs::path media = fs::path(server_->dir()) / "media";
  const fs::path away = fs::path(server_->dir()) / "media.away";
  ASSERT_TRUE(fs::is_directory(media));
  fs::rename(media, away);
  auto r = server_->request("GET", "/readyz");
  fs::rename(away, media);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(r.body, R"({"detail":"Storage is not reachable."})");
  // Alive all along, and ready again once the folder is back.
  EXPECT_EQ(server_->request("GET", "/healthz").status, 200);
  EXPECT_EQ(server_->request("GET", "/readyz").status, 200);

  // A file in its place is not a storage folder either.
  fs::rename(media, away);
  { std::ofstream(media.string()) << "not a folder"; }
  r = server_->request("GET", "/readyz");
  fs::remove(media);
  fs::rename(away, media);
  EXPECT_EQ(r.status, 503);
  EXPECT_EQ(server_->request("GET", "/readyz").status, 200);
}

TEST_F(Ops, MetricsCountRequestsByRouteAndStatus) {
  auto admin = e2e::register_org(*server_, "Metered");
  ASSERT_EQ(server_->request("GET", "/healthz").status, 200);
  ASSERT_EQ(server_->request("GET", "/api/v1/auth/me/").status, 401);
  ASSERT_EQ(admin.get("/api/v1/users/" + std::to_string(admin.user_id) + "/").status, 200);
  ASSERT_EQ(server_->request("GET", "/no/such/thing").status, 404);

  auto r = server_->request("GET", "/metrics");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type").rfind("text/plain", 0), 0u) << r.header("content-type");
  const std::string& m = r.body;
  EXPECT_TRUE(contains(m, "# TYPE http_requests_total counter")) << m;
  EXPECT_TRUE(contains(m, R"(http_requests_total{route="/healthz",status="200"})")) << m;
  EXPECT_TRUE(contains(m, R"(http_requests_total{route="/api/v1/auth/me/",status="401"})")) << m;
  EXPECT_TRUE(contains(m, R"(http_requests_total{route="/api/v1/auth/register/",status="201"})"))
      << m;
  // Routes are patterns, never raw paths with ids in them.
  EXPECT_TRUE(contains(m, R"(http_requests_total{route="/api/v1/users/{int}/",status="200"})"))
      << m;
  EXPECT_FALSE(contains(m, "/api/v1/users/" + std::to_string(admin.user_id))) << m;
  EXPECT_TRUE(contains(m, R"(http_requests_total{route="unmatched",status="404"})")) << m;
  EXPECT_FALSE(contains(m, "/no/such/thing")) << m;

  EXPECT_TRUE(contains(m, "# TYPE http_request_duration_seconds histogram")) << m;
  EXPECT_TRUE(contains(m, R"(http_request_duration_seconds_bucket{route="/healthz",le="+Inf"})"))
      << m;
  EXPECT_TRUE(contains(m, R"(http_request_duration_seconds_sum{route="/healthz"})")) << m;
  EXPECT_TRUE(contains(m, R"(http_request_duration_seconds_count{route="/healthz"})")) << m;

  // Counters count: a second scrape sees at least one more /healthz.
  const std::string healthz = R"(http_requests_total{route="/healthz",status="200"} )";
  const long before = counter(m, healthz);
  ASSERT_GT(before, 0) << m;
  ASSERT_EQ(server_->request("GET", "/healthz").status, 200);
  EXPECT_GT(counter(server_->request("GET", "/metrics").body, healthz), before);
}

TEST_F(Ops, ApiSchema) {
  auto r = server_->request("GET", "/api/schema/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body.rfind("openapi: 3.1", 0), 0u) << r.body.substr(0, 80);
  EXPECT_TRUE(contains(r.header("content-type"), "yaml")) << r.header("content-type");
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_page_headers(const e2e::HttpResponse& r, const std::string& what) {
  const std::string policy = r.header("content-security-policy");
  EXPECT_TRUE(contains(policy, "default-src 'none'")) << what << ": " << policy;
  EXPECT_TRUE(contains(policy, "script-src 'self';")) << what << ": " << policy;
  EXPECT_TRUE(contains(policy, "style-src 'self';")) << what << ": " << policy;
  EXPECT_TRUE(contains(policy, "frame-ancestors 'none'")) << what << ": " << policy;
  EXPECT_FALSE(contains(policy, "unsafe")) << what << ": " << policy;
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << what;
}

TEST_F(Ops, ApiDocsPageIsHtmlWithoutInlineScriptOrStyle) {
  auto r = server_->request("GET", "/api/docs/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  expect_page_headers(r, "/api/docs/");
  EXPECT_TRUE(contains(r.body, "<html")) << r.body.substr(0, 200);
  EXPECT_TRUE(contains(r.body, "/api/schema/"));
  e2e::expect_no_inline_code(r.body, "/api/docs/");
  // Without its trailing slash too (the page names its files by absolute paths).
  EXPECT_EQ(server_->request("GET", "/api/docs").body, r.body);
}

TEST_F(Ops, ApiDocsPageFilesAreTheBundlesServedAsBuilt) {
  const auto page = server_->request("GET", "/api/docs/").body;
  const auto assets = e2e::page_files(page, "/api/docs/");
  ASSERT_EQ(assets.size(), 2u) << page;
  for (const auto& [path, version] : assets) {
    auto r = server_->request("GET", path + "?v=" + version);
    ASSERT_EQ(r.status, 200) << path;
    const std::string type =
        path.ends_with(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
    EXPECT_EQ(r.header("content-type"), type) << path;
    EXPECT_EQ(r.header("cache-control"), "public, max-age=31536000, immutable") << path;
    expect_page_headers(r, path);
    // Byte for byte what web/build wrote, and named by the hash of those bytes.
    const std::string built = read_file(std::string(INTERVIEWD_SOURCE_DIR) + "/web/dist/docs/" +
                                        path.substr(std::string("/api/docs/").size()));
    EXPECT_GT(built.size(), 1000u) << path;
    EXPECT_TRUE(r.body == built) << path << ": " << r.body.size() << " bytes, built "
                                 << built.size();
    EXPECT_EQ(util::sha256_hex(r.body).substr(0, version.size()), version) << path;
    EXPECT_EQ(version.size(), 16u) << path;

    // HEAD: the same headers, no body.
    auto head = server_->request("HEAD", path);
    EXPECT_EQ(head.status, 200) << path;
    EXPECT_EQ(head.header("content-length"), std::to_string(built.size())) << path;
    EXPECT_EQ(head.header("content-type"), type) << path;
    EXPECT_TRUE(head.body.empty()) << path;
  }
}

TEST_F(Ops, ApiDocsUnknownFileIsNotFound) {
  for (const std::string path :
       {"/api/docs/nope.js", "/api/docs/main.js.map", "/api/docs/..%2F..%2Fapi%2Fschema",
        "/api/docs/docs%2Fmain.js", "/api/docs/main.js/extra"}) {
    auto r = server_->request("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})") << path;
    EXPECT_EQ(r.header("content-type"), "application/json") << path;
  }
  EXPECT_EQ(server_->request("POST", "/api/docs/main.js").status, 405);
}

TEST_F(Ops, SaneRequestIdsAreEchoed) {
  for (const std::string& id :
       {std::string("abc"), std::string("req-123_A.b"), std::string(128, 'x'), std::string("7")}) {
    auto r = server_->request("GET", "/healthz", "", {{"X-Request-Id", id}});
    EXPECT_EQ(r.header("x-request-id"), id);
  }
  // On errors too.
  auto r = server_->request("GET", "/nowhere", "", {{"X-Request-Id", "trace-me"}});
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("x-request-id"), "trace-me");
}

TEST_F(Ops, OtherRequestIdsAreReplaced) {
  for (const std::string& id :
       {std::string(129, 'x'), std::string(200, 'a'), std::string("has space"),
        std::string("quote\"d"), std::string("semi;colon"), std::string("slash/y"),
        std::string("<script>"), std::string("caf\xc3\xa9")}) {
    auto r = server_->request("GET", "/healthz", "", {{"X-Request-Id", id}});
    ASSERT_EQ(r.status, 200) << id;
    const std::string got = r.header("x-request-id");
    EXPECT_NE(got, id);
    EXPECT_TRUE(generated_id(got)) << got;
  }
  // Without one, each response gets its own.
  auto a = server_->request("GET", "/healthz").header("x-request-id");
  auto b = server_->request("GET", "/healthz").header("x-request-id");
  EXPECT_TRUE(generated_id(a)) << a;
  EXPECT_NE(a, b);
}

TEST_F(Ops, PathsWithoutTheTrailingSlashAreAnsweredTheSame) {
  auto admin = e2e::register_org(*server_, "Slashes");
  auto with = admin.get("/api/v1/auth/me/");
  auto without = admin.get("/api/v1/auth/me");
  ASSERT_EQ(with.status, 200);
  EXPECT_EQ(without.status, 200);
  EXPECT_EQ(without.body, with.body);
  EXPECT_TRUE(without.header("location").empty());  // no redirect

  auto user = admin.get("/api/v1/users/" + std::to_string(admin.user_id));
  EXPECT_EQ(user.status, 200);
  EXPECT_EQ(int64_t(user.json()["id"]), admin.user_id);
  EXPECT_EQ(server_->request("GET", "/api/schema").status, 200);
  EXPECT_EQ(server_->request("GET", "/healthz/").status, 200);
  // With a query string as well.
  auto list = admin.get("/api/v1/users?limit=1");
  EXPECT_EQ(list.status, 200);
  EXPECT_EQ(list.header("x-total-count"), "1");
}

TEST_F(Ops, UnknownRoutesAreNotFound) {
  for (const char* path : {"/", "/api/v1/", "/api/v1/nothing/", "/api/v1/users/1/extra/",
                           "/api/v2/users/", "/healthz/more"}) {
    auto r = server_->request("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})") << path;
    EXPECT_EQ(r.header("content-type"), "application/json") << path;
  }
}

TEST_F(Ops, WrongMethodsListTheAllowedOnes) {
  struct Case {
    const char* method;
    const char* path;
    const char* allow;
  };
  for (const Case& c :
       {Case{"DELETE", "/api/v1/auth/me/", "GET"}, Case{"GET", "/api/v1/auth/token/", "POST"},
        Case{"PATCH", "/api/v1/users/", "GET, POST"},
        Case{"POST", "/api/v1/users/1/", "GET, PUT, PATCH, DELETE"},
        Case{"POST", "/healthz", "GET"}, Case{"PUT", "/api/v1/organizations/", "GET"}}) {
    auto r = server_->request(c.method, c.path, c.method == std::string("GET") ? "" : "{}");
    EXPECT_EQ(r.status, 405) << c.method << " " << c.path;
    EXPECT_EQ(r.header("allow"), c.allow) << c.method << " " << c.path;
    EXPECT_EQ(r.body, std::string(R"({"detail":"Method \")") + c.method + R"(\" not allowed."})");
  }
}

TEST_F(Ops, HeadIsAnsweredAsGetWithoutABody) {
  // Three requests on one keep-alive connection: if a HEAD answer carried a body,
  // the answers after it would be misread.
  e2e::RawConnection c(server_->port());
  ASSERT_TRUE(
      c.send("HEAD /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
             "HEAD /api/v1/users/ HTTP/1.1\r\nHost: x\r\n\r\n"
             "GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
  ASSERT_TRUE(c.read_until_closed(std::chrono::seconds(30)));
  const std::string& raw = c.received;
  EXPECT_EQ(e2e::status_of(raw), 200) << raw;
  const auto second = raw.find("\r\n\r\nHTTP/1.1 401 ");
  ASSERT_NE(second, std::string::npos) << raw;
  EXPECT_NE(raw.substr(0, second).find("Content-Length: 15"), std::string::npos) << raw;
  const auto third = raw.find("\r\n\r\nHTTP/1.1 200 ", second + 4);
  ASSERT_NE(third, std::string::npos) << raw;
  EXPECT_EQ(raw.find("Authentication credentials"), std::string::npos) << raw;
  const std::string ok = R"({"status":"ok"})";
  EXPECT_EQ(raw.substr(raw.size() - ok.size()), ok);
  EXPECT_EQ(raw.find(ok), raw.size() - ok.size()) << raw;
}

TEST_F(Ops, AccessLogHasOneJsonLinePerRequestAndNoSecrets) {
  const std::string password = "very secret passphrase";
  const std::string email = e2e::unique("logged") + "@example.com";
  auto reg = server_->request("POST", "/api/v1/auth/register/",
                              e2e::Object{{"organization", e2e::Object{{"name", "Logged"}}},
                                          {"name", "L"},
                                          {"email", email},
                                          {"password", password}});
  ASSERT_EQ(reg.status, 201) << reg.body;
  const std::string token(std::string_view(reg.json()["token"]));
  const std::int64_t user_id = int64_t(reg.json()["user"]["id"]);
  auto login = e2e::login(*server_, email, password);
  ASSERT_EQ(login.status, 200);
  const std::string token2(std::string_view(login.json()["token"]));
  auto me = server_->request("GET", "/api/v1/auth/me/?token=" + token, "",
                             {{"Authorization", "Token " + token}, {"X-Request-Id", "log-me-1"}});
  ASSERT_EQ(me.status, 200);
  auto bad = e2e::login(*server_, email, "wrong " + password);
  ASSERT_EQ(bad.status, 400);

  const auto lines = access_lines(*server_, "log-me-1");
  const std::string log = server_->log();
  EXPECT_FALSE(contains(log, password));
  EXPECT_FALSE(contains(log, token));
  EXPECT_FALSE(contains(log, token2));

  bool found = false;
  simdjson::dom::parser parser;
  for (const std::string& line : lines) {
    simdjson::dom::element e;
    ASSERT_EQ(parser.parse(line).get(e), simdjson::SUCCESS) << line;
    ASSERT_TRUE(e.is_object()) << line;
    for (const char* key : {"time", "request_id", "method", "route", "status", "duration_ms"}) {
      EXPECT_EQ(e[key].error(), simdjson::SUCCESS) << key << " missing in " << line;
    }
    EXPECT_EQ(e["user_id"].error(), simdjson::SUCCESS) << "user_id missing in " << line;
    EXPECT_GE(double(e["duration_ms"]), 0.0);
    if (std::string_view(e["request_id"]) == "log-me-1") {
      found = true;
      EXPECT_EQ(std::string_view(e["method"]), "GET");
      EXPECT_EQ(std::string_view(e["route"]), "/api/v1/auth/me/");
      EXPECT_EQ(int64_t(e["status"]), 200);
      EXPECT_EQ(int64_t(e["user_id"]), user_id);
    }
  }
  EXPECT_TRUE(found) << log;
}

TEST_F(Ops, AnonymousRequestsLogANullUser) {
  ASSERT_EQ(server_->request("GET", "/healthz", "", {{"X-Request-Id", "anon-log"}}).status, 200);
  bool found = false;
  simdjson::dom::parser parser;
  for (const std::string& line : access_lines(*server_, "anon-log")) {
    simdjson::dom::element e = parser.parse(line);
    if (std::string_view(e["request_id"]) != "anon-log") continue;
    found = true;
    EXPECT_TRUE(e["user_id"].is_null()) << line;
    EXPECT_EQ(std::string_view(e["route"]), "/healthz");
  }
  EXPECT_TRUE(found);
}

}  // namespace

namespace {

// The candidate's page: the same HTML for every token (the script reads it from the
// address), bundles whose addresses hold no token, its own policy (media from blob:, no
// Referer).
TEST(CandidatePage, ServedForAnyTokenWithItsPolicyAndNoTokenInItsFiles) {
  e2e::Server server;
  const std::string token = "q7Hn2bX-ts_9kPz0aRv";
  auto r = server.request("GET", "/i/" + token);
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
  const std::string policy = r.header("content-security-policy");
  EXPECT_TRUE(contains(policy, "default-src 'none'")) << policy;
  EXPECT_TRUE(contains(policy, "script-src 'self';")) << policy;
  EXPECT_TRUE(contains(policy, "media-src 'self' blob:;")) << policy;
  EXPECT_TRUE(contains(policy, "connect-src 'self';")) << policy;
  EXPECT_FALSE(contains(policy, "unsafe")) << policy;
  EXPECT_FALSE(contains(r.body, token));
  e2e::expect_no_inline_code(r.body, "/i/assets/");
  EXPECT_EQ(server.request("GET", "/i/another-token").body, r.body);
  for (const std::string name : {"main.js", "main.css"}) {
    const auto at = r.body.find("/i/assets/" + name + "?v=");
    ASSERT_NE(at, std::string::npos) << name << " in " << r.body;
    auto file = server.request("GET", "/i/assets/" + name);
    EXPECT_EQ(file.status, 200) << name;
    EXPECT_EQ(file.header("referrer-policy"), "no-referrer");
    EXPECT_EQ(file.header("cache-control"), "public, max-age=31536000, immutable");
  }
  EXPECT_EQ(server.request("GET", "/i/assets/nothing.js").status, 404);
  EXPECT_EQ(server.request("POST", "/i/" + token).status, 405);
}

}  // namespace
