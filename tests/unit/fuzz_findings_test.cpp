// What the fuzz targets (fuzz/) found, kept as unit tests so that the ordinary build
// checks them too; each input is also in fuzz/corpus/<target>/regression-*.
#include <gtest/gtest.h>

#include <boost/asio/buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>

#include <chrono>
#include <optional>
#include <string>

#include "http/media_type.hpp"
#include "storage/sigv4.hpp"

namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::system_clock;

const Clock::time_point kSignedAt =
    std::chrono::sys_days{std::chrono::year{2026} / 3 / 4} + 5h + 6min + 7s;
const storage::sigv4::Credentials kCreds{"AKIAFUZZEXAMPLE0001", "fuzz-secret", {}};

// The query of a presigned PUT whose X-Amz-Date (and scope date) say `date`.
std::string query_dated(const std::string& date) {
  const std::string url = storage::sigv4::presign({"PUT",
                                                   "http://127.0.0.1:8000",
                                                   "/api/v1/uploads/7/answers/ab/answer.mp4",
                                                   "us-east-1",
                                                   kCreds,
                                                   kSignedAt,
                                                   900s,
                                                   {}});
  std::string query = url.substr(url.find('?') + 1);
  for (const std::string from : {"20260304T050607Z", "20260304"}) {
    const auto pos = query.find(from);
    if (pos != std::string::npos) query.replace(pos, from.size(), date.substr(0, from.size()));
  }
  return query;
}

domain::Result<storage::sigv4::Verified> verify(const std::string& query) {
  const storage::sigv4::SecretLookup secrets = [](std::string_view) -> std::optional<std::string> {
    return kCreds.secret_access_key;
  };
  return storage::sigv4::verify_presigned(
      {"PUT", "127.0.0.1:8000", "/api/v1/uploads/7/answers/ab/answer.mp4", query, {}}, "us-east-1",
      secrets, kSignedAt + 60s);
}

// fuzz/corpus/sigv4_query/regression-amz-date-*: a year that nanoseconds since 1970 in
// 64 bits cannot hold overflowed (signed overflow in std::chrono, caught by UBSan).
TEST(FuzzFindings, AmzDateOutsideTheClockRangeIsMalformed) {
  for (const std::string date : {"99991231T235959Z", "22630101T000000Z", "00010101T000000Z",
                                 "16000101T000000Z", "19691231T235959Z"}) {
    const auto r = verify(query_dated(date));
    ASSERT_FALSE(r.ok()) << date;
    EXPECT_EQ(r.error().code, domain::ErrorCode::kBadRequest) << date;
    EXPECT_EQ(r.error().detail,
              "X-Amz-Date must be in the ISO8601 Long Format yyyyMMdd'T'HHmmss'Z'.")
        << date;
  }
  // Far but representable: well formed, and not yet valid.
  const auto later = verify(query_dated("22000101T000000Z"));
  ASSERT_FALSE(later.ok());
  EXPECT_EQ(later.error().code, domain::ErrorCode::kForbidden);
  EXPECT_TRUE(verify(query_dated("20260304T050607Z")).ok());
}

// fuzz/corpus/media_type/regression-normalised-longer-than-255: 254 bytes whose
// normalised text (a space added after each ';') was 256, over the limit, so that the
// value written back was not itself a valid media type.
TEST(FuzzFindings, NormalisedMediaTypeStaysWithinTheLimit) {
  const std::string value =
      "__" + std::string(69, 'N') +
      "o/wmoivI ;IIIIIIIIIIOIIIIIIIIIIIIIIIIIIIIIIIIIIIcI=eb^^^^^^^^^^^^^^^^^^^" +
      std::string(26, 'N') +
      "^^; c=em;codecs=v;Pcodecs=w^^^^^^N^^^^^^^^^^NN^^^^^^^^^^^^^^^^^^^NNN^+^^; hhouac=eNNN";
  ASSERT_EQ(value.size(), 254u);
  const auto t = web::parse_media_type(value);
  if (t) {
    EXPECT_LE(t->text.size(), web::kMaxMediaTypeBytes);
    const auto again = web::parse_media_type(t->text);
    ASSERT_TRUE(again.has_value());
    EXPECT_EQ(again->text, t->text);
  }
}

// fuzz/http_request, input delivered a byte at a time: an empty chunked body's last
// chunk ("0\r\n") read, then one byte more. Boost.Beast 1.81 asserts there wrongly (the
// sanitizer build's assertion handler knows it: src/util/boost_assert_handler.cpp); the
// parser must ask for more and then finish the request, trailer and all.
TEST(FuzzFindings, AChunkedBodyArrivingAByteAtATimeIsParsed) {
  const std::string request =
      "POST /api/v1/auth/token/ HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
      "0\r\nX-Trailer: 1\r\n\r\n";
  boost::beast::http::request_parser<boost::beast::http::string_body> parser;
  parser.eager(true);
  std::string pending;
  for (char c : request) {
    ASSERT_FALSE(parser.is_done());
    pending += c;
    boost::beast::error_code ec;
    const std::size_t used = parser.put(boost::asio::buffer(pending), ec);
    if (ec == boost::beast::http::error::need_more) ec = {};
    ASSERT_FALSE(ec) << ec.message();
    pending.erase(0, used);
  }
  ASSERT_TRUE(parser.is_done());
  EXPECT_EQ(parser.get().body(), "");
  EXPECT_EQ(parser.get()["X-Trailer"], "1");
}

}  // namespace
