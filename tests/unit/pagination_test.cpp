// ?limit=&offset= as DRF's LimitOffsetPagination reads them, and the
// X-Total-Count and Link headers of a page.
#include "api/pagination.hpp"

#include <gtest/gtest.h>

namespace {

web::Request request(std::string path, std::string query) {
  web::Request req;
  req.method = "GET";
  req.path = std::move(path);
  req.query = web::parse_query(query);
  return req;
}

std::string header(const web::Response& res, const std::string& name) {
  for (const auto& [k, v] : res.headers) {
    if (k == name) return v;
  }
  return "";
}

int count(const web::Response& res, const std::string& name) {
  int n = 0;
  for (const auto& [k, v] : res.headers) n += k == name;
  return n;
}

TEST(PageRequest, Defaults) {
  auto page = api::page_request(request("/api/v1/users/", ""));
  EXPECT_EQ(page.limit, 100);
  EXPECT_EQ(page.offset, 0);
}

TEST(PageRequest, ReadsLimitAndOffset) {
  auto page = api::page_request(request("/api/v1/users/", "limit=5&offset=10"));
  EXPECT_EQ(page.limit, 5);
  EXPECT_EQ(page.offset, 10);
  page = api::page_request(request("/api/v1/users/", "offset=0&limit=1"));
  EXPECT_EQ(page.limit, 1);
  EXPECT_EQ(page.offset, 0);
}

TEST(PageRequest, CapsTheLimitAt1000) {
  EXPECT_EQ(api::page_request(request("/x/", "limit=1000")).limit, 1000);
  EXPECT_EQ(api::page_request(request("/x/", "limit=1001")).limit, 1000);
  EXPECT_EQ(api::page_request(request("/x/", "limit=999999999")).limit, 1000);
  // Past 64 bits is still a positive integer: capped, not ignored.
  EXPECT_EQ(api::page_request(request("/x/", "limit=99999999999999999999999")).limit, 1000);
}

TEST(PageRequest, BadValuesFallBackToTheDefaults) {
  for (const char* q : {"limit=0", "limit=-1", "limit=abc", "limit=1.5", "limit=", "limit=+5",
                        "limit=5x", "limit=%20", "offset=-3", "offset=x", "offset=1e3"}) {
    auto page = api::page_request(request("/x/", q));
    EXPECT_EQ(page.limit, 100) << q;
    EXPECT_EQ(page.offset, 0) << q;
  }
}

TEST(PageRequest, AHugeOffsetIsPastTheEndNotTheStart) {
  auto page = api::page_request(request("/x/", "offset=99999999999999999999999"));
  EXPECT_GT(page.offset, 1'000'000'000'000);
  // Adding a limit to it must not overflow.
  EXPECT_GT(page.offset + api::kMaxLimit, page.offset);
}

TEST(PageHeaders, FirstPageLinksToTheNext) {
  web::Response res;
  auto req = request("/api/v1/users/", "");
  api::add_page_headers(res, req, "http://h:1", {100, 0}, 250);
  EXPECT_EQ(header(res, "X-Total-Count"), "250");
  EXPECT_EQ(header(res, "Link"), "<http://h:1/api/v1/users/?limit=100&offset=100>; rel=\"next\"");
}

TEST(PageHeaders, MiddlePageLinksBothWays) {
  web::Response res;
  auto req = request("/api/v1/users/", "limit=100&offset=100");
  api::add_page_headers(res, req, "http://h:1", {100, 100}, 250);
  EXPECT_EQ(header(res, "Link"),
            "<http://h:1/api/v1/users/?limit=100&offset=200>; rel=\"next\", "
            "<http://h:1/api/v1/users/?limit=100&offset=0>; rel=\"prev\"");
}

TEST(PageHeaders, LastPageLinksBackOnly) {
  web::Response res;
  auto req = request("/api/v1/users/", "");
  api::add_page_headers(res, req, "http://h:1", {100, 200}, 250);
  EXPECT_EQ(header(res, "Link"), "<http://h:1/api/v1/users/?limit=100&offset=100>; rel=\"prev\"");
  // Exactly full: no next page.
  web::Response full;
  api::add_page_headers(full, req, "http://h:1", {50, 200}, 250);
  EXPECT_EQ(header(full, "Link"), "<http://h:1/api/v1/users/?limit=50&offset=150>; rel=\"prev\"");
}

TEST(PageHeaders, PrevNeverGoesBelowZero) {
  web::Response res;
  api::add_page_headers(res, request("/x/", ""), "http://h", {100, 30}, 50);
  EXPECT_EQ(header(res, "Link"), "<http://h/x/?limit=100&offset=0>; rel=\"prev\"");
}

TEST(PageHeaders, OnePageHasNoLink) {
  web::Response res;
  api::add_page_headers(res, request("/x/", ""), "http://h", {100, 0}, 100);
  EXPECT_EQ(header(res, "X-Total-Count"), "100");
  EXPECT_EQ(count(res, "Link"), 0);
  web::Response empty;
  api::add_page_headers(empty, request("/x/", ""), "http://h", {100, 0}, 0);
  EXPECT_EQ(header(empty, "X-Total-Count"), "0");
  EXPECT_EQ(count(empty, "Link"), 0);
}

TEST(PageHeaders, LinksKeepOtherQueryParametersEncoded) {
  web::Response res;
  auto req = request("/api/v1/candidates/", "search=Ann+Lee&limit=10&job_id=3&offset=10&x=%26%3D");
  api::add_page_headers(res, req, "https://api.example.com", {10, 10}, 100);
  EXPECT_EQ(header(res, "Link"),
            "<https://api.example.com/api/v1/candidates/"
            "?search=Ann%20Lee&job_id=3&x=%26%3D&limit=10&offset=20>; rel=\"next\", "
            "<https://api.example.com/api/v1/candidates/"
            "?search=Ann%20Lee&job_id=3&x=%26%3D&limit=10&offset=0>; rel=\"prev\"");
}

}  // namespace
