// SigV4: our presigned URLs equal botocore's for the same inputs and a frozen clock
// (tests/sigv4/botocore_presign.py, run by Debian's /usr/bin/python3), and
// verify_presigned accepts them and refuses every kind of tampering.
#include "storage/sigv4.hpp"

#include <gtest/gtest.h>
#include <stdio.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>
#include <vector>

#include "storage/s3_storage.hpp"
#include "util/crypto.hpp"

namespace {

using namespace std::chrono_literals;
using storage::sigv4::Credentials;
using storage::sigv4::Headers;
using storage::sigv4::PresignInput;
using storage::sigv4::ReceivedRequest;
using Clock = std::chrono::system_clock;

const Clock::time_point kT0 =
    std::chrono::sys_days{std::chrono::year{2024} / 1 / 2} + 3h + 4min + 5s;
const Credentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", {}};

struct Case {
  std::string method = "PUT";
  std::string endpoint = "http://127.0.0.1:9000";
  std::string bucket = "media";
  std::string key;
  std::string region = "us-east-1";
  Credentials credentials = kCreds;
  Clock::time_point now = kT0;
  std::chrono::seconds expires = 900s;
  std::string content_type;  // empty: none
  bool path_style = true;
  std::optional<std::uint64_t> content_length;  // signed when set
};

std::string authority_of(const std::string& endpoint) {
  return endpoint.substr(endpoint.find("://") + 3);
}
std::string scheme_of(const std::string& endpoint) {
  return endpoint.substr(0, endpoint.find("://"));
}

std::string our_url(const Case& c) {
  PresignInput in;
  in.method = c.method;
  if (c.path_style) {
    in.origin = c.endpoint;
    in.path = "/" + c.bucket + "/" + c.key;
  } else {
    in.origin = scheme_of(c.endpoint) + "://" + c.bucket + "." + authority_of(c.endpoint);
    in.path = "/" + c.key;
  }
  in.region = c.region;
  in.credentials = c.credentials;
  in.now = c.now;
  in.expires = c.expires;
  if (c.content_length) {
    in.headers.emplace_back("Content-Length", std::to_string(*c.content_length));
  }
  if (!c.content_type.empty()) in.headers.emplace_back("Content-Type", c.content_type);
  return storage::sigv4::presign(in);
}

// Runs tests/sigv4/botocore_presign.py on `lines` and returns its answers, in order.
std::vector<std::string> run_botocore(const std::vector<std::string>& lines) {
  char input_path[] = "/tmp/sigv4-input-XXXXXX";
  const int fd = mkstemp(input_path);
  EXPECT_GE(fd, 0);
  {
    std::ofstream input(input_path);
    for (const std::string& line : lines) input << line << '\n';
  }
  ::close(fd);
  // Debian's interpreter sees python3-botocore; the python3 on PATH may not. No user
  // configuration may change what botocore does.
  const std::string command =
      "env AWS_CONFIG_FILE=/dev/null AWS_SHARED_CREDENTIALS_FILE=/dev/null /usr/bin/python3 " +
      std::string(INTERVIEWD_SOURCE_DIR) + "/tests/sigv4/botocore_presign.py < " + input_path;
  FILE* pipe = popen(command.c_str(), "r");
  EXPECT_NE(pipe, nullptr);
  std::vector<std::string> answers;
  std::string line;
  char buffer[4096];
  while (pipe != nullptr && fgets(buffer, sizeof buffer, pipe) != nullptr) {
    line += buffer;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      answers.push_back(line);
      line.clear();
    }
  }
  const int status = pipe != nullptr ? pclose(pipe) : -1;
  EXPECT_EQ(status, 0) << command;
  ::unlink(input_path);
  return answers;
}

std::string or_dash(const std::string& s) {
  return s.empty() ? "-" : s;
}

// botocore's presigned URLs for `cases`, in order.
std::vector<std::string> botocore_urls(const std::vector<Case>& cases) {
  std::vector<std::string> lines;
  for (const Case& c : cases) {
    lines.push_back("PRESIGN\t" + c.method + "\t" + c.endpoint + "\t" + c.bucket + "\t" +
                    util::hex_encode(c.key) + "\t" + c.region + "\t" + c.credentials.access_key_id +
                    "\t" + c.credentials.secret_access_key + "\t" +
                    storage::sigv4::amz_date(c.now) + "\t" + std::to_string(c.expires.count()) +
                    "\t" + or_dash(c.content_type) + "\t" + (c.path_style ? "path" : "virtual") +
                    "\t" + or_dash(c.credentials.session_token) + "\t" +
                    (c.content_length ? std::to_string(*c.content_length) : "-"));
  }
  return run_botocore(lines);
}

std::vector<Case> reference_cases() {
  std::vector<Case> cases;
  auto add = [&](std::string key) {
    Case c;
    c.key = std::move(key);
    c.content_type = "video/mp4";
    cases.push_back(c);
    return &cases.back();
  };
  add("7/answers/0123abcd/video.mp4");
  add("7/answers/0123abcd/my answer 2.mp4");
  add("7/answers/0123abcd/café.webm");
  add("7/answers/0123abcd/日本語.mp4");
  add("7/answers/0123abcd/a+b+c.mp4");
  add("7/answers/0123abcd/!'()*.mp4");
  add("7/answers//double.mp4");
  add("7/answers/0123abcd/~tilde~.mp4");
  add("7/answers/0123abcd/100%.mp4");
  add("7/answers/0123abcd/semi;colon=eq&amp?q#h,at@dollar$.mp4");
  add("7/answers/0123abcd/quote\"back\\slash<gt>[br]{c}|^`.mp4");
  // Other methods, regions, expiries, endpoints and virtual-host style.
  Case* c = add("7/answers/x/y.mp4");
  c->method = "GET";
  c->content_type.clear();
  c = add("7/answers/x/日本 y.webm");
  c->path_style = false;
  c->endpoint = "http://localhost:9000";
  c->region = "eu-west-3";
  c->content_type = "video/webm";
  c = add("7/answers/x/z.mp4");
  c->endpoint = "https://s3.eu-central-1.amazonaws.com";
  c->path_style = false;
  c->region = "eu-central-1";
  c->expires = 604800s;
  c->now = kT0 + 86400s * 400 + 59s;
  c = add("7/answers/x/default port.mp4");
  c->endpoint = "http://127.0.0.1:80";
  c->expires = 1s;
  c = add("7/answers/x/token.mp4");
  c->credentials.session_token = "FwoGZXIvYXdzEJr//////////wEaDH+token/with=chars";
  c = add("7/answers/x/type.mp4");
  c->content_type = "audio/ogg; codecs=opus";
  // A declared length, signed as content-length.
  c = add("7/answers/x/sized.mp4");
  c->content_length = 1234567;
  c = add("7/answers/x/sized virtual.webm");
  c->content_length = 1;
  c->path_style = false;
  c->endpoint = "http://localhost:9000";
  c->content_type = "video/webm";
  return cases;
}

TEST(Sigv4, PresignedUrlsEqualBotocores) {
  const std::vector<Case> cases = reference_cases();
  const std::vector<std::string> expected = botocore_urls(cases);
  ASSERT_EQ(expected.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    EXPECT_EQ(our_url(cases[i]), expected[i]) << "key: " << cases[i].key;
  }
}

TEST(Sigv4, S3StoragePresignsAsBotocore) {
  std::vector<Case> cases;
  for (const char* key : {"7/answers/ab/v.mp4", "7/answers/ab/é 日本+!.mp4"}) {
    for (bool path_style : {true, false}) {
      for (bool sized : {false, true}) {
        Case c;
        c.key = key;
        c.path_style = path_style;
        c.endpoint = path_style ? "http://127.0.0.1:9000" : "http://localhost:9000";
        c.content_type = "video/webm";
        if (sized) c.content_length = 4096;
        cases.push_back(c);
      }
    }
  }
  const std::vector<std::string> expected = botocore_urls(cases);
  ASSERT_EQ(expected.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    storage::S3Config config;
    config.bucket = cases[i].bucket;
    config.endpoint = cases[i].endpoint;
    config.region = cases[i].region;
    config.path_style = cases[i].path_style;
    config.credentials = kCreds;
    config.spool_dir = ::testing::TempDir() + "sigv4-spool";
    storage::S3Storage s3(config, [] { return kT0; });
    const auto signed_put =
        s3.presign_put(cases[i].key, cases[i].content_type, 900s, cases[i].content_length);
    EXPECT_EQ(signed_put.url, expected[i]);
    EXPECT_EQ(signed_put.expires_at, "2024-01-02T03:19:05Z");
    const std::size_t n = cases[i].content_length ? 2 : 1;
    ASSERT_EQ(signed_put.headers.size(), n);
    EXPECT_EQ(signed_put.headers[n - 1].first, "Content-Type");
    EXPECT_EQ(signed_put.headers[n - 1].second, "video/webm");
    if (cases[i].content_length) {
      EXPECT_EQ(signed_put.headers[0],
                (std::pair<std::string, std::string>{"Content-Length", "4096"}));
    }
  }
  std::filesystem::remove_all(::testing::TempDir() + "sigv4-spool");
}

TEST(Sigv4, UriEncode) {
  using storage::sigv4::uri_encode;
  EXPECT_EQ(uri_encode("AZaz09-_.~", true), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("/a b//é/", false), "/a%20b//%C3%A9/");
  EXPECT_EQ(uri_encode("/a b//é/", true), "%2Fa%20b%2F%2F%C3%A9%2F");
  EXPECT_EQ(uri_encode("+!'()*%", false), "%2B%21%27%28%29%2A%25");
  EXPECT_EQ(storage::sigv4::amz_date(kT0), "20240102T030405Z");
}

// A presigned URL split as a server receives it.
struct Split {
  std::string host, path, query;
};
Split split_url(const std::string& url) {
  const auto authority = url.find("://") + 3;
  const auto slash = url.find('/', authority);
  const auto question = url.find('?', slash);
  return {url.substr(authority, slash - authority), url.substr(slash, question - slash),
          url.substr(question + 1)};
}

std::string replace(std::string s, const std::string& from, const std::string& to) {
  const auto pos = s.find(from);
  EXPECT_NE(pos, std::string::npos) << from << " in " << s;
  if (pos != std::string::npos) s.replace(pos, from.size(), to);
  return s;
}

class VerifyPresigned : public ::testing::Test {
 protected:
  VerifyPresigned() {
    c_.key = "7/answers/ab/my vidéo~+!.mp4";
    c_.content_type = "video/mp4";
    url_ = our_url(c_);
    parts_ = split_url(url_);
  }

  domain::Result<storage::sigv4::Verified> verify(const Split& p, std::string method = "PUT",
                                                  Headers headers = {{"Content-Type", "video/mp4"}},
                                                  Clock::time_point now = kT0 + 60s) {
    const storage::sigv4::SecretLookup secrets =
        [](std::string_view id) -> std::optional<std::string> {
      if (id == kCreds.access_key_id) return kCreds.secret_access_key;
      return std::nullopt;
    };
    return storage::sigv4::verify_presigned({method, p.host, p.path, p.query, std::move(headers)},
                                            "us-east-1", secrets, now);
  }

  void expect_code(const domain::Result<storage::sigv4::Verified>& r, domain::ErrorCode code,
                   const std::string& why) {
    ASSERT_FALSE(r.ok()) << why;
    EXPECT_EQ(r.error().code, code) << why << ": " << r.error().detail;
  }

  Case c_;
  std::string url_;
  Split parts_;
};

TEST_F(VerifyPresigned, AcceptsOurUrl) {
  const auto r = verify(parts_);
  ASSERT_TRUE(r.ok()) << r.error().detail;
  EXPECT_EQ(r->access_key_id, "AKIDEXAMPLE");
  EXPECT_EQ(r->path, "/media/7/answers/ab/my vidéo~+!.mp4");
  EXPECT_EQ(r->signed_headers, (std::vector<std::string>{"content-type", "host"}));
  EXPECT_EQ(r->expires_at, kT0 + 900s);
  // Up to the last second, header names in any case, the same path escaped otherwise.
  EXPECT_TRUE(verify(parts_, "PUT", {{"content-type", "video/mp4"}}, kT0 + 900s).ok());
  Split escaped = parts_;
  escaped.path = replace(escaped.path, "~", "%7E");
  escaped.path = replace(escaped.path, "%C3%A9", "%c3%a9");
  EXPECT_TRUE(verify(escaped).ok());
}

TEST_F(VerifyPresigned, AcceptsBotocoresUrl) {
  const auto urls = botocore_urls({c_});
  ASSERT_EQ(urls.size(), 1u);
  const auto r = verify(split_url(urls[0]));
  EXPECT_TRUE(r.ok()) << r.error().detail;
}

TEST_F(VerifyPresigned, ChecksASignedContentLength) {
  Case c = c_;
  c.content_length = 777;
  const auto urls = botocore_urls({c});
  ASSERT_EQ(urls.size(), 1u);
  EXPECT_EQ(our_url(c), urls[0]);
  const Split p = split_url(urls[0]);
  auto with_length = [&](const std::string& length) {
    return verify(p, "PUT", {{"Content-Type", "video/mp4"}, {"Content-Length", length}});
  };
  const auto ok = with_length("777");
  ASSERT_TRUE(ok.ok()) << ok.error().detail;
  EXPECT_EQ(ok->signed_headers,
            (std::vector<std::string>{"content-length", "content-type", "host"}));
  expect_code(with_length("778"), domain::ErrorCode::kForbidden, "another length");
  expect_code(verify(p), domain::ErrorCode::kForbidden, "no Content-Length");
}

TEST_F(VerifyPresigned, RefusesTampering) {
  using domain::ErrorCode;
  Split p = parts_;
  const char last = p.query.back();
  p.query.back() = last == '0' ? '1' : '0';
  expect_code(verify(p), ErrorCode::kForbidden, "tampered signature");

  p = parts_;
  p.path = replace(p.path, "/ab/", "/ac/");
  expect_code(verify(p), ErrorCode::kForbidden, "another key");

  expect_code(verify(parts_, "PUT", {{"Content-Type", "video/mp4"}}, kT0 + 901s),
              ErrorCode::kForbidden, "expired");
  expect_code(verify(parts_, "PUT", {{"Content-Type", "video/mp4"}}, kT0 - 16min),
              ErrorCode::kForbidden, "not yet valid");

  p = parts_;
  p.query = replace(p.query, "X-Amz-Expires=900", "X-Amz-Expires=3600");
  expect_code(verify(p, "PUT", {{"Content-Type", "video/mp4"}}, kT0 + 1000s), ErrorCode::kForbidden,
              "longer X-Amz-Expires");

  expect_code(verify(parts_, "GET"), ErrorCode::kForbidden, "another method");
  expect_code(verify(parts_, "PUT", {{"Content-Type", "video/webm"}}), ErrorCode::kForbidden,
              "another content type");
  expect_code(verify(parts_, "PUT", {}), ErrorCode::kForbidden, "no content type");

  p = parts_;
  p.host = "127.0.0.1:9001";
  expect_code(verify(p), ErrorCode::kForbidden, "another host");

  p = parts_;
  p.query += "&response-content-type=text%2Fhtml";
  expect_code(verify(p), ErrorCode::kForbidden, "an added parameter");

  p = parts_;
  p.query = replace(p.query, "AKIDEXAMPLE", "AKIDOTHER");
  expect_code(verify(p), ErrorCode::kForbidden, "unknown access key");
}

TEST_F(VerifyPresigned, RefusesMalformedQueries) {
  using domain::ErrorCode;
  const std::string sig = parts_.query.substr(parts_.query.find("X-Amz-Signature=") + 16);
  struct Bad {
    std::string from, to, why;
  };
  const std::vector<Bad> bad = {
      {"X-Amz-Expires=900", "X-Amz-Expires=0", "zero expiry"},
      {"X-Amz-Expires=900", "X-Amz-Expires=604801", "expiry over a week"},
      {"X-Amz-Expires=900", "X-Amz-Expires=-5", "negative expiry"},
      {"X-Amz-Expires=900", "X-Amz-Expires=9e2", "expiry not a number"},
      {"X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Algorithm=AWS4-HMAC-SHA1", "algorithm"},
      {"X-Amz-Date=20240102T030405Z", "X-Amz-Date=2024-01-02T03:04:05Z", "date format"},
      {"X-Amz-Date=20240102T030405Z", "X-Amz-Date=20240231T030405Z", "impossible date"},
      {"%2F20240102%2F", "%2F20240103%2F", "scope date"},
      {"%2Fus-east-1%2F", "%2Feu-west-1%2F", "scope region"},
      {"%2Fs3%2F", "%2Fs4%2F", "scope service"},
      {"%2Faws4_request", "%2Faws5_request", "scope terminator"},
      {"X-Amz-SignedHeaders=content-type%3Bhost", "X-Amz-SignedHeaders=content-type",
       "host not signed"},
      {"X-Amz-SignedHeaders=content-type%3Bhost", "X-Amz-SignedHeaders=host%3Bcontent-type",
       "signed headers unsorted"},
      {"&X-Amz-Signature=" + sig, "", "no signature"},
      {"X-Amz-Date=", "X-Amz-Date=%zz&X-Amz-Date=", "bad escape"},
      {"X-Amz-Signature=", "X-Amz-Signature=00&X-Amz-Signature=", "signature twice"},
  };
  for (const Bad& b : bad) {
    Split p = parts_;
    p.query = replace(p.query, b.from, b.to);
    expect_code(verify(p), ErrorCode::kBadRequest, b.why);
  }
}

// Our S3 requests' Authorization header equals botocore's (S3SigV4Auth, UNSIGNED-PAYLOAD).
TEST(Sigv4, SignedHeadersEqualBotocores) {
  struct HeaderCase {
    std::string method, endpoint, key, range, style, token;
  };
  const std::vector<HeaderCase> cases = {
      {"GET", "http://127.0.0.1:9000", "7/answers/ab/my vidéo+!.mp4", "bytes=0-9", "path", ""},
      {"PUT", "http://127.0.0.1:9000", "7/answers/ab/日本~.mp4", "", "path", ""},
      {"HEAD", "http://localhost:9000", "7/answers/ab/v.mp4", "", "virtual", ""},
      {"DELETE", "https://s3.us-east-1.amazonaws.com", "7/a b", "", "virtual", "TOKEN/+="},
      {"HEAD", "http://127.0.0.1:9000", "", "", "path", ""},  // the bucket itself
  };
  std::vector<std::string> lines;
  for (const auto& c : cases) {
    lines.push_back("SIGN\t" + c.method + "\t" + c.endpoint + "\tmedia\t" +
                    util::hex_encode(c.key) + "\tus-east-1\t" + kCreds.access_key_id + "\t" +
                    kCreds.secret_access_key + "\t20240102T030405Z\t" + or_dash(c.range) + "\t" +
                    c.style + "\t" + or_dash(c.token));
  }
  const std::vector<std::string> expected = run_botocore(lines);
  ASSERT_EQ(expected.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    const std::string authority = authority_of(c.endpoint);
    storage::sigv4::SignInput in;
    in.method = c.method;
    if (c.style == "path") {
      in.host = authority;
      in.path = "/media" + (c.key.empty() ? "" : "/" + c.key);
    } else {
      in.host = "media." + authority;
      in.path = "/" + c.key;
    }
    in.region = "us-east-1";
    in.credentials = kCreds;
    in.credentials.session_token = c.token;
    in.now = kT0;
    if (!c.range.empty()) in.headers.emplace_back("Range", c.range);
    const Headers h = storage::sigv4::sign_request(in);
    ASSERT_FALSE(h.empty());
    EXPECT_EQ(h.back().first, "Authorization");
    EXPECT_EQ(h.back().second, expected[i]) << c.method << " " << c.key;
    EXPECT_EQ(h[0], (std::pair<std::string, std::string>{"x-amz-date", "20240102T030405Z"}));
    EXPECT_EQ(h[1],
              (std::pair<std::string, std::string>{"x-amz-content-sha256", "UNSIGNED-PAYLOAD"}));
  }
}

// Our multipart requests' queries are signed as botocore signs them: a parameter without a
// value ("uploads"), several parameters (sorted), values that must be percent-encoded.
TEST(Sigv4, SignedQueriesEqualBotocores) {
  using Query = std::vector<std::pair<std::string, std::string>>;
  struct QueryCase {
    std::string method, key;
    Query query;
  };
  const std::vector<QueryCase> cases = {
      {"POST", "7/answers/ab/v é.webm", {{"uploads", ""}}},
      {"PUT", "7/answers/ab/v.webm", {{"partNumber", "12"}, {"uploadId", "VXBs+b2Fk/SUQ=="}}},
      {"POST", "7/answers/ab/v.webm", {{"uploadId", "2~abc-_.def"}}},
      {"DELETE", "7/answers/ab/v.webm", {{"uploadId", "abc"}}},
      {"GET",
       "",
       {{"uploads", ""},
        {"max-uploads", "1000"},
        {"prefix", "7/answers/ a+b&c=é"},
        {"key-marker", "7/answers/k"},
        {"upload-id-marker", "x/y"}}},
  };
  std::vector<std::string> lines;
  for (const auto& c : cases) {
    std::string query;
    for (const auto& [name, value] : c.query) {
      query += (query.empty() ? "" : "&") + name + "=" + util::hex_encode(value);
    }
    lines.push_back("SIGN\t" + c.method + "\thttp://127.0.0.1:9000\tmedia\t" +
                    util::hex_encode(c.key) + "\tus-east-1\t" + kCreds.access_key_id + "\t" +
                    kCreds.secret_access_key + "\t20240102T030405Z\t-\tpath\t-\t" + query);
  }
  const std::vector<std::string> expected = run_botocore(lines);
  ASSERT_EQ(expected.size(), cases.size());
  for (std::size_t i = 0; i < cases.size(); ++i) {
    const auto& c = cases[i];
    storage::sigv4::SignInput in;
    in.method = c.method;
    in.host = "127.0.0.1:9000";
    in.path = "/media" + (c.key.empty() ? "" : "/" + c.key);
    in.query = c.query;
    in.region = "us-east-1";
    in.credentials = kCreds;
    in.now = kT0;
    const Headers h = storage::sigv4::sign_request(in);
    ASSERT_FALSE(h.empty());
    EXPECT_EQ(h.back().second, expected[i]) << c.method << " " << c.key;
  }
}

}  // namespace
