// The one mapping from domain errors to HTTP: statuses, DRF-shaped bodies, headers.
#include "http/error_response.hpp"

#include <gtest/gtest.h>

#include <simdjson.h>

namespace {

using domain::Error;
using domain::ErrorCode;

std::string header(const web::Response& res, const std::string& name) {
  for (const auto& [k, v] : res.headers) {
    if (k == name) return v;
  }
  return "";
}

TEST(ErrorResponse, StatusOfEachCode) {
  EXPECT_EQ(web::status_of(ErrorCode::kInvalid), 400u);
  EXPECT_EQ(web::status_of(ErrorCode::kBadRequest), 400u);
  EXPECT_EQ(web::status_of(ErrorCode::kUnauthenticated), 401u);
  EXPECT_EQ(web::status_of(ErrorCode::kForbidden), 403u);
  EXPECT_EQ(web::status_of(ErrorCode::kNotFound), 404u);
  EXPECT_EQ(web::status_of(ErrorCode::kMethodNotAllowed), 405u);
  EXPECT_EQ(web::status_of(ErrorCode::kRequestTimeout), 408u);
  EXPECT_EQ(web::status_of(ErrorCode::kConflict), 409u);
  EXPECT_EQ(web::status_of(ErrorCode::kPayloadTooLarge), 413u);
  EXPECT_EQ(web::status_of(ErrorCode::kUnsupportedMedia), 415u);
  EXPECT_EQ(web::status_of(ErrorCode::kUnprocessable), 422u);
  EXPECT_EQ(web::status_of(ErrorCode::kRangeNotSatisfiable), 416u);
  EXPECT_EQ(web::status_of(ErrorCode::kThrottled), 429u);
  EXPECT_EQ(web::status_of(ErrorCode::kHeadersTooLarge), 431u);
  EXPECT_EQ(web::status_of(ErrorCode::kUnavailable), 503u);
  EXPECT_EQ(web::status_of(ErrorCode::kInternal), 500u);
}

TEST(ErrorResponse, DetailBodies) {
  auto res = web::error_response(Error::not_found(), "rid");
  EXPECT_EQ(res.status, 404u);
  EXPECT_EQ(res.content_type, "application/json");
  EXPECT_EQ(res.body, R"({"detail":"Not found."})");
  EXPECT_TRUE(res.headers.empty());

  res = web::error_response(Error::forbidden(), "rid");
  EXPECT_EQ(res.status, 403u);
  EXPECT_EQ(res.body, R"({"detail":"You do not have permission to perform this action."})");

  res = web::error_response(Error::bad_request("JSON parse error - \"bad\" \\ input"), "rid");
  EXPECT_EQ(res.status, 400u);
  EXPECT_EQ(res.body, R"({"detail":"JSON parse error - \"bad\" \\ input"})");

  res = web::error_response(Error::conflict("Busy."), "rid");
  EXPECT_EQ(res.status, 409u);
  EXPECT_EQ(res.body, R"({"detail":"Busy."})");

  res = web::error_response(Error::unavailable("Storage is not reachable."), "rid");
  EXPECT_EQ(res.status, 503u);
  EXPECT_EQ(res.body, R"({"detail":"Storage is not reachable."})");
}

TEST(ErrorResponse, FieldErrorsInOneBody) {
  auto res = web::error_response(Error::invalid({{"email", {"Enter a valid email address."}},
                                                 {"name", {"This field is required.", "Second."}},
                                                 {"non_field_errors", {"Both are wrong."}}}),
                                 "rid");
  EXPECT_EQ(res.status, 400u);
  EXPECT_EQ(res.body, R"({"email":["Enter a valid email address."],)"
                      R"("name":["This field is required.","Second."],)"
                      R"("non_field_errors":["Both are wrong."]})");
}

TEST(ErrorResponse, DottedFieldNamesNest) {
  auto res = web::error_response(Error::invalid({{"organization.name", {"This field is required."}},
                                                 {"password", {"Too short."}}}),
                                 "rid");
  EXPECT_EQ(res.body,
            R"({"organization":{"name":["This field is required."]},"password":["Too short."]})");

  res = web::error_response(
      Error::invalid({{"a.b.c", {"Deep."}}, {"a.b.d", {"Also."}}, {"a.e", {"Side."}}}), "rid");
  EXPECT_EQ(res.body, R"({"a":{"b":{"c":["Deep."],"d":["Also."]},"e":["Side."]}})");
}

TEST(ErrorResponse, MessagesOnANestedObjectBecomeItsNonFieldErrors) {
  auto res = web::error_response(
      Error::invalid({{"organization", {"Invalid data."}}, {"organization.name", {"Blank."}}}),
      "rid");
  EXPECT_EQ(res.body,
            R"({"organization":{"name":["Blank."],"non_field_errors":["Invalid data."]}})");
}

TEST(ErrorResponse, NoFieldsIsAnEmptyObject) {
  auto res = web::error_response(Error::invalid(domain::FieldErrors{}), "rid");
  EXPECT_EQ(res.status, 400u);
  EXPECT_EQ(res.body, "{}");
}

TEST(ErrorResponse, ThrottledCarriesRetryAfter) {
  Error e{ErrorCode::kThrottled,
          "Request was throttled. Expected available in 42 seconds.",
          {},
          42,
          {}};
  auto res = web::error_response(e, "rid");
  EXPECT_EQ(res.status, 429u);
  EXPECT_EQ(header(res, "Retry-After"), "42");
  EXPECT_EQ(res.body, R"({"detail":"Request was throttled. Expected available in 42 seconds."})");
}

TEST(ErrorResponse, MethodNotAllowedListsAllowedMethods) {
  Error e{ErrorCode::kMethodNotAllowed, "Method \"DELETE\" not allowed.", {}, 0, {"GET", "POST"}};
  auto res = web::error_response(e, "rid");
  EXPECT_EQ(res.status, 405u);
  EXPECT_EQ(header(res, "Allow"), "GET, POST");
  EXPECT_EQ(res.body, R"({"detail":"Method \"DELETE\" not allowed."})");
}

TEST(ErrorResponse, UnsatisfiableRangeNamesTheSize) {
  auto res = web::error_response(Error::range_not_satisfiable(1234), "rid");
  EXPECT_EQ(res.status, 416u);
  EXPECT_EQ(header(res, "Content-Range"), "bytes */1234");
  EXPECT_EQ(res.body, R"({"detail":"Requested range not satisfiable."})");
}

TEST(ErrorResponse, UnauthenticatedAsksForAToken) {
  auto res = web::error_response(Error::unauthenticated("Invalid token."), "rid");
  EXPECT_EQ(res.status, 401u);
  EXPECT_EQ(header(res, "WWW-Authenticate"), "Token");
  EXPECT_EQ(res.body, R"({"detail":"Invalid token."})");
}

TEST(ErrorResponse, InternalErrorShowsOnlyTheRequestId) {
  auto res = web::error_response(Error::internal(), "abc123");
  EXPECT_EQ(res.status, 500u);
  simdjson::dom::parser parser;
  simdjson::dom::object body = parser.parse(res.body).get_object();
  EXPECT_EQ(body.size(), 2u);
  EXPECT_EQ(std::string_view(body["request_id"]), "abc123");
  EXPECT_EQ(std::string_view(body["detail"]), "A server error occurred.");
  // Other statuses never carry it.
  EXPECT_EQ(web::error_response(Error::not_found(), "abc123").body.find("abc123"),
            std::string::npos);
}

TEST(ErrorResponse, EmptyDetailStillHasOne) {
  auto res = web::error_response(Error::conflict(""), "rid");
  EXPECT_EQ(res.body, R"({"detail":"Error."})");
}

}  // namespace
