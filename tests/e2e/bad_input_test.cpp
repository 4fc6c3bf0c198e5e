// Hostile and broken input: malformed JSON, wrong types, bad ids, oversized
// bodies and headers, bad encodings, slow clients, garbage on the wire. Each
// answer is a 4xx, never a 500, and the server keeps serving afterwards.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <thread>
#include <vector>

#include "fixtures.hpp"
#include "harness.hpp"
#include "raw_socket.hpp"

namespace {

using e2e::Json;
using e2e::Object;
using std::chrono::milliseconds;
using std::chrono::seconds;

class BadInput : public e2e::SharedServerTest<BadInput> {
 protected:
  static void SetUpTestSuite() {
    SharedServerTest::SetUpTestSuite();
    admin_ = new e2e::Client(e2e::register_org(*server_, "Robust"));
  }
  static void TearDownTestSuite() {
    delete admin_;
    admin_ = nullptr;
    SharedServerTest::TearDownTestSuite();
  }
  // The server is still up and answering.
  static void ExpectAlive(const e2e::Server& server) {
    EXPECT_TRUE(server.running());
    auto r = server.request("GET", "/healthz");
    EXPECT_EQ(r.status, 200);
  }
  void TearDown() override { ExpectAlive(*server_); }

  inline static e2e::Client* admin_ = nullptr;
};

e2e::ServerOptions with_read_timeout(const std::string& seconds) {
  e2e::ServerOptions options;
  options.extra_args = {"--read-timeout", seconds};
  return options;
}

std::string post_head(const std::string& target, const std::string& extra_headers) {
  return "POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" +
         extra_headers + "\r\n";
}

TEST_F(BadInput, MalformedJsonIsABadRequest) {
  for (const char* body : {"{", "{\"email\":", "{'email':'a'}", "not json", "{\"a\":1,}",
                           "{\"a\":1}}", "{\"a\":tru}", "\x01\x02"}) {
    auto r = server_->request("POST", "/api/v1/auth/token/", body);
    ASSERT_EQ(r.status, 400) << body << " -> " << r.body;
    const std::string detail(std::string_view(r.json()["detail"]));
    EXPECT_EQ(detail.rfind("JSON parse error - ", 0), 0u) << detail;
  }
}

TEST_F(BadInput, DeeplyNestedOrHugeNumbersAreBadRequests) {
  for (const std::string& body :
       {std::string(100000, '['), "{\"a\":" + std::string(5000, '[') + std::string(5000, ']') + "}",
        std::string(R"({"email":1e400})"), std::string(R"({"email":-99999999999999999999999})")}) {
    auto r = server_->request("POST", "/api/v1/auth/token/", body);
    EXPECT_EQ(r.status, 400) << body.substr(0, 40) << " -> " << r.body;
  }
}

TEST_F(BadInput, ANonObjectBodyIsANonFieldError) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"[]", "list"},       {R"([{"email":"a@b.c"}])", "list"},
      {R"("text")", "str"}, {"42", "int"},
      {"null", "NoneType"}, {"true", "bool"},
  };
  for (const auto& [body, type] : cases) {
    auto r = admin_->post("/api/v1/users/", body);
    ASSERT_EQ(r.status, 400) << body;
    EXPECT_EQ(r.body, R"({"non_field_errors":["Invalid data. Expected a dictionary, but got )" +
                          type + R"(."]})");
  }
}

TEST_F(BadInput, WrongTypesNameTheField) {
  const std::vector<std::string> values = {
      R"("abc")", "1.5", "-1", "9223372036854775808", "true", "null", "{}", "[]", R"("")"};
  // field -> values that are fine for it (everything else must be refused).
  const std::vector<std::pair<std::string, std::vector<std::string>>> fields = {
      {"name", {R"("abc")"}}, {"email", {}},    {"is_active", {"true"}},
      {"role", {}},           {"password", {}},
  };
  for (const auto& [field, fine] : fields) {
    for (const std::string& value : values) {
      if (std::find(fine.begin(), fine.end(), value) != fine.end()) continue;
      auto r = admin_->post("/api/v1/users/", Object{{field, Json::raw(value)}});
      ASSERT_EQ(r.status, 400) << field << "=" << value << " -> " << r.body;
      auto messages = r.json()[field];
      ASSERT_EQ(messages.error(), simdjson::SUCCESS) << field << "=" << value << " -> " << r.body;
      simdjson::dom::array list;
      ASSERT_EQ(messages.get_array().get(list), simdjson::SUCCESS) << r.body;
      EXPECT_GT(list.size(), 0u) << r.body;
    }
  }
  // Nested: the organization of a registration.
  for (const std::string& value : values) {
    auto r = server_->request("POST", "/api/v1/auth/register/",
                              Object{{"organization", Object{{"name", Json::raw(value)}}}});
    ASSERT_EQ(r.status, 400) << value << " -> " << r.body;
    if (value == R"("abc")") {
      EXPECT_EQ(r.json()["organization"].error(), simdjson::NO_SUCH_FIELD) << r.body;
    } else {
      EXPECT_EQ(r.json()["organization"]["name"].error(), simdjson::SUCCESS) << r.body;
    }
    r = server_->request("POST", "/api/v1/auth/register/",
                         Object{{"organization", Json::raw(value)}});
    ASSERT_EQ(r.status, 400) << value << " -> " << r.body;
    EXPECT_EQ(r.json()["organization"].error(), simdjson::SUCCESS) << r.body;
  }
}

TEST_F(BadInput, WrongTypesOnUpdateNameTheField) {
  auto user = e2e::create_user(*admin_, "interviewer");
  const std::string path = "/api/v1/users/" + std::to_string(user.user_id) + "/";
  for (const char* body :
       {R"({"role":1})", R"({"role":null})", R"({"role":["admin"]})", R"({"is_active":"false"})",
        R"({"is_active":0})", R"({"name":{"first":"x"}})", R"({"password":12345678})"}) {
    auto r = admin_->patch(path, body);
    EXPECT_EQ(r.status, 400) << body << " -> " << r.body;
  }
  auto r = admin_->get(path);
  EXPECT_EQ(std::string_view(r.json()["role"]), "interviewer");
  EXPECT_EQ(bool(r.json()["is_active"]), true);
}

TEST_F(BadInput, IdsInPathsThatAreNotPositive64BitIntegersAreNotFound) {
  for (const char* id : {"abc", "1.5", "-1", "0", "9223372036854775808",
                         "99999999999999999999999999", "1e3", "0x10", "+1", "%20", "1%00"}) {
    const std::string path = std::string("/api/v1/users/") + id + "/";
    for (const char* method : {"GET", "PUT", "PATCH", "DELETE"}) {
      auto r = admin_->send(method, path, std::string(method) == "GET" ? "" : "{}");
      EXPECT_EQ(r.status, 404) << method << " " << path << " -> " << r.body;
      EXPECT_EQ(r.body, R"({"detail":"Not found."})") << method << " " << path;
    }
  }
  // The largest id is well-formed: simply not there.
  auto r = admin_->get("/api/v1/users/9223372036854775807/");
  EXPECT_EQ(r.status, 404);
}

TEST_F(BadInput, ABodyOverOneMebibyteIsTooLarge) {
  const std::string body(2 * 1024 * 1024, 'a');
  const std::string raw = server_->raw(
      post_head("/api/v1/auth/token/", "Content-Type: application/json\r\nContent-Length: " +
                                           std::to_string(body.size()) + "\r\n") +
      body);
  EXPECT_EQ(e2e::status_of(raw), 413) << raw.substr(0, 200);
  EXPECT_NE(raw.find(R"({"detail":"Request body is too large."})"), std::string::npos) << raw;
}

TEST_F(BadInput, AnAnnouncedBodyOverTheLimitIsRefusedBeforeItIsSent) {
  e2e::RawConnection c(server_->port());
  ASSERT_TRUE(c.send(post_head("/api/v1/auth/token/",
                               "Content-Type: application/json\r\nContent-Length: 5000000\r\n")));
  const std::string response = c.read_response(seconds(30));
  EXPECT_EQ(e2e::status_of(response), 413) << response;
}

TEST_F(BadInput, AChunkedBodyOverOneMebibyteIsTooLarge) {
  std::string chunks;
  const std::string chunk(64 * 1024, 'a');
  for (int i = 0; i < 32; ++i) chunks += "10000\r\n" + chunk + "\r\n";
  chunks += "0\r\n\r\n";
  const std::string raw =
      server_->raw(post_head("/api/v1/auth/token/",
                             "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n") +
                   chunks);
  EXPECT_EQ(e2e::status_of(raw), 413) << raw.substr(0, 200);
}

TEST_F(BadInput, AChunkedBodyUnderTheLimitIsRead) {
  const std::string json = R"({"email":"nobody@example.com","password":"whatever pw"})";
  const std::string first = json.substr(0, 10);
  const std::string rest = json.substr(10);
  char sizes[64];
  std::snprintf(sizes, sizeof sizes, "%zx", first.size());
  std::string chunked = std::string(sizes) + "\r\n" + first + "\r\n";
  std::snprintf(sizes, sizeof sizes, "%zx", rest.size());
  chunked += std::string(sizes) + "\r\n" + rest + "\r\n0\r\n\r\n";
  const std::string raw =
      server_->raw(post_head("/api/v1/auth/token/",
                             "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n") +
                   chunked);
  EXPECT_EQ(e2e::status_of(raw), 400) << raw;
  EXPECT_NE(raw.find("Unable to log in with provided credentials."), std::string::npos) << raw;
}

TEST_F(BadInput, ABodyOfExactlyOneMebibyteIsNotTooLarge) {
  const std::string prefix = R"({"email":")";
  const std::string suffix = R"(","password":"x"})";
  const std::string body =
      prefix + std::string(1024 * 1024 - prefix.size() - suffix.size(), 'a') + suffix;
  ASSERT_EQ(body.size(), 1024u * 1024u);
  auto r = server_->request("POST", "/api/v1/auth/token/", body);
  EXPECT_EQ(r.status, 400) << r.body.substr(0, 200);
  EXPECT_NE(r.body.find("\"email\""), std::string::npos) << r.body.substr(0, 200);
}

TEST_F(BadInput, OversizedHeadersAreRefused) {
  const std::string big_cookie =
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: " + std::string(20 * 1024, 'c') +
      "\r\nConnection: close\r\n\r\n";
  std::string raw = server_->raw(big_cookie);
  EXPECT_EQ(e2e::status_of(raw), 431) << raw.substr(0, 200);
  EXPECT_NE(raw.find(R"({"detail":"Request header fields too large."})"), std::string::npos);

  // Many headers that add up past 16 KiB.
  std::string many = "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n";
  for (int i = 0; i < 40; ++i) {
    many += "X-Filler-" + std::to_string(i) + ": " + std::string(500, 'f') + "\r\n";
  }
  many += "Connection: close\r\n\r\n";
  raw = server_->raw(many);
  EXPECT_EQ(e2e::status_of(raw), 431) << raw.substr(0, 200);

  // Just under the limit is fine.
  auto r = server_->request("GET", "/healthz", "", {{"Cookie", std::string(8 * 1024, 'c')}});
  EXPECT_EQ(r.status, 200);
}

TEST_F(BadInput, InvalidUtf8InAJsonStringIsABadRequest) {
  for (const char* bad : {"\xff", "\xc0\x80", "\xed\xa0\x80", "\xe2\x82", "\xf4\x90\x80\x80"}) {
    auto r =
        server_->request("POST", "/api/v1/auth/token/",
                         std::string(R"({"email":"a)") + bad + R"(@example.com","password":"x"})");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(std::string_view(r.json()["detail"]).rfind("JSON parse error - ", 0), 0u) << r.body;
  }
}

TEST_F(BadInput, NonJsonContentTypesAreUnsupported) {
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/xml", "text/json"}) {
    auto r = server_->request("POST", "/api/v1/auth/token/", R"({"email":"a@b.c"})",
                              {{"Content-Type", type}});
    EXPECT_EQ(r.status, 415) << type << " -> " << r.body;
    EXPECT_EQ(r.body, std::string(R"({"detail":"Unsupported media type \")") + type +
                          R"(\" in request."})");
  }
  // A JSON type with parameters or a +json suffix is fine.
  for (const char* type : {"application/json; charset=utf-8", "application/vnd.api+json"}) {
    auto r = server_->request("POST", "/api/v1/auth/token/", "{}", {{"Content-Type", type}});
    EXPECT_EQ(r.status, 400) << type << " -> " << r.body;
    EXPECT_NE(r.body.find("This field is required."), std::string::npos) << r.body;
  }
}

TEST_F(BadInput, GarbageOnTheWireIsABadRequest) {
  const std::vector<std::string> garbage_cases = {
      std::string("GARBAGE\r\n\r\n"),
      std::string("GET\r\n\r\n"),
      std::string("GET /healthz HTTP/1.1\r\nNo colon here\r\n\r\n"),
      std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"),
      std::string("GET /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n"
                  "Content-Length: 2\r\n\r\nab"),
      std::string("POST /api/v1/auth/token/ HTTP/1.1\r\nHost: x\r\n"
                  "Transfer-Encoding: chunked\r\n\r\nzz\r\n"),
      std::string("\x16\x03\x01\x02\x00\x01\x00\x01\xfc\x03\x03", 11),  // a TLS hello
      std::string("\0\0\0\0\r\n\r\n", 8)};
  for (const std::string& garbage : garbage_cases) {
    const std::string raw = server_->raw(garbage, milliseconds(10000));
    EXPECT_EQ(e2e::status_of(raw), 400) << testing::PrintToString(garbage) << " -> " << raw;
    EXPECT_TRUE(server_->running());
  }
}

TEST_F(BadInput, AnAbruptlyClosedConnectionHurtsNobody) {
  {
    e2e::RawConnection c(server_->port());
    c.send(post_head("/api/v1/auth/register/",
                     "Content-Type: application/json\r\nContent-Length: 500\r\n") +
           "{\"organiz");
  }  // closed half-way through the body
  {
    e2e::RawConnection c(server_->port());
    c.send("GET /heal");
  }
  ExpectAlive(*server_);
}

// Its own server: a short read timeout.
TEST(BadInputTimeouts, ASlowClientIsCutOffWhileOthersAreServed) {
  e2e::Server server(with_read_timeout("2"));
  e2e::RawConnection slow(server.port());
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(slow.send("GET /heal"));

  // Meanwhile others are answered.
  for (int i = 0; i < 3; ++i) EXPECT_EQ(server.request("GET", "/healthz").status, 200);

  const bool closed = slow.read_until_closed(seconds(20));
  const auto waited = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(closed) << "the server kept a half-sent request open";
  EXPECT_GE(waited, milliseconds(1500));  // not before its read timeout
  // ... and told why before the connection closes.
  EXPECT_EQ(e2e::status_of(slow.received), 408) << slow.received;

  EXPECT_TRUE(server.running());
  EXPECT_EQ(server.request("GET", "/healthz").status, 200);
}

TEST(BadInputTimeouts, ATricklingClientIsCutOffToo) {
  e2e::Server server(with_read_timeout("2"));
  e2e::RawConnection slow(server.port());
  const std::string request =
      "GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: " + std::string(200, 's') + "\r\n\r\n";
  // One byte every 200 ms would take 50 s; the read timeout bounds the whole header.
  bool closed = false;
  const auto deadline = std::chrono::steady_clock::now() + seconds(20);
  for (std::size_t i = 0; i < request.size() && std::chrono::steady_clock::now() < deadline; ++i) {
    if (!slow.send(request.substr(i, 1))) {
      closed = true;
      break;
    }
    if (slow.read_until_closed(milliseconds(200))) {
      closed = true;
      break;
    }
  }
  EXPECT_TRUE(closed) << "the server kept a trickling client for 20 s";
  EXPECT_NE(e2e::status_of(slow.received), 200) << slow.received;
  EXPECT_TRUE(server.running());
  EXPECT_EQ(server.request("GET", "/healthz").status, 200);
}

TEST(BadInputTimeouts, AnIdleConnectionIsClosed) {
  e2e::Server server(with_read_timeout("2"));
  e2e::RawConnection idle(server.port());
  ASSERT_TRUE(idle.send("GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"));
  EXPECT_EQ(e2e::status_of(idle.read_response(seconds(20))), 200);
  // Keep-alive, then nothing: closed after the read timeout, without an answer.
  EXPECT_TRUE(idle.read_until_closed(seconds(20)));
  EXPECT_TRUE(idle.received.empty()) << idle.received;
  EXPECT_TRUE(server.running());
}

}  // namespace

namespace {

// Neither database stores a NUL in text: wherever it is in a JSON body, the
// answer is a 400 naming the field, on SQLite and PostgreSQL alike.
TEST_F(BadInput, NulCharactersInJsonStringsAreRefusedOnEveryDatabase) {
  auto job = admin_->post("/api/v1/jobs/", R"({"title": "Engineer\u0000x"})");
  ASSERT_EQ(job.status, 400) << job.body;
  EXPECT_EQ(e2e::errors(job, "title"),
            std::vector<std::string>{"Null characters are not allowed."});
  const std::int64_t job_id = e2e::create_job(*admin_);
  // Free-form JSON (module preferences) is stored as given: a NUL deep inside it too.
  auto module = admin_->post(
      "/api/v1/interview/interview-modules/",
      Object{{"name", "M"},
             {"job", job_id},
             {"services", Json::raw(R"([{"service_name": "Resume Screening", "order": 1,)"
                                    R"( "preferences": {"note": ["ok", "a\u0000b"]}}])")}});
  ASSERT_EQ(module.status, 400) << module.body;
  EXPECT_EQ(e2e::errors(module, "services"),
            std::vector<std::string>{"Null characters are not allowed."});
  auto search = admin_->get("/api/v1/candidates/?search=a%00b");
  ASSERT_EQ(search.status, 400) << search.body;
  EXPECT_EQ(e2e::errors(search, "search"),
            std::vector<std::string>{"Null characters are not allowed."});
  auto latin1 = admin_->get("/api/v1/candidates/?search=caf%E9");
  ASSERT_EQ(latin1.status, 400) << latin1.body;
  EXPECT_EQ(e2e::errors(latin1, "search"), std::vector<std::string>{"Enter valid UTF-8 text."});
}

}  // namespace
