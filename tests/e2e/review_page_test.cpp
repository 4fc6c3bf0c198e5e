// The reviewers' page (/review/): its HTML and bundles as web/build wrote them, with the
// page's security headers (a self-only Content-Security-Policy that lets media and
// thumbnails play from blob: URLs, no referrer), and nothing else under /review/.
// tests/browser/review.js drives the page itself.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "harness.hpp"
#include "page_checks.hpp"
#include "util/crypto.hpp"

namespace {

class ReviewPage : public e2e::SharedServerTest<ReviewPage> {};

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

std::string built_file(const std::string& name) {
  std::ifstream in(std::string(INTERVIEWD_SOURCE_DIR) + "/web/dist/review/" + name,
                   std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void expect_page_headers(const e2e::HttpResponse& r, const std::string& what) {
  EXPECT_EQ(r.header("content-security-policy"),
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; "
            "media-src 'self' blob:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
            "frame-ancestors 'none'")
      << what;
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer") << what;
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << what;
  EXPECT_TRUE(contains(r.header("permissions-policy"), "camera=()")) << what;
}

// "/review/main.js?v=<hash>" → {"main.js", "<hash>"} for each file the page names.
std::vector<std::pair<std::string, std::string>> page_files(const std::string& html) {
  auto files = e2e::page_files(html, "/review/");
  for (auto& [path, version] : files) path.erase(0, std::string("/review/").size());
  return files;
}

TEST_F(ReviewPage, PageIsHtmlWithoutInlineScriptOrStyle) {
  auto r = server_->request("GET", "/review/");
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.header("content-type"), "text/html; charset=utf-8");
  EXPECT_EQ(r.header("cache-control"), "no-cache");
  expect_page_headers(r, "/review/");
  EXPECT_EQ(r.body, built_file("index.html"));
  e2e::expect_no_inline_code(r.body, "/review/main.js?v=");
  // Without the trailing slash too: the page names its files by absolute paths.
  EXPECT_EQ(server_->request("GET", "/review").body, r.body);
}

TEST_F(ReviewPage, FilesAreTheBundlesNamedByTheirHash) {
  const auto files = page_files(server_->request("GET", "/review/").body);
  ASSERT_EQ(files.size(), 2u);
  for (const auto& [name, version] : files) {
    auto r = server_->request("GET", "/review/" + name + "?v=" + version);
    ASSERT_EQ(r.status, 200) << name;
    EXPECT_EQ(r.header("content-type"),
              name.ends_with(".js") ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8")
        << name;
    EXPECT_EQ(r.header("cache-control"), "public, max-age=31536000, immutable") << name;
    expect_page_headers(r, name);
    EXPECT_TRUE(r.body == built_file(name)) << name;
    EXPECT_EQ(version.size(), 16u) << name;
    EXPECT_EQ(util::sha256_hex(r.body).substr(0, version.size()), version) << name;
  }
}

TEST_F(ReviewPage, NothingElseIsServedThere) {
  for (const std::string path :
       {"/review/nope.js", "/review/main.js.map", "/review/..%2Fdocs%2Fmain.js",
        "/review/review%2Fmain.js", "/review/main.js/extra", "/review/jobs/1/"}) {
    auto r = server_->request("GET", path);
    EXPECT_EQ(r.status, 404) << path;
    EXPECT_EQ(r.body, R"({"detail":"Not found."})") << path;
  }
  EXPECT_EQ(server_->request("POST", "/review/").status, 405);
  EXPECT_EQ(server_->request("DELETE", "/review/main.js").status, 405);
}

}  // namespace
