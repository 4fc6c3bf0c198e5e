// The streaming multipart parser: whole bodies, one byte at a time, bad input.
#include "http/multipart.hpp"

#include <gtest/gtest.h>

namespace {

struct Part {
  web::PartHeaders headers;
  std::string data;
};

struct Collector {
  std::vector<Part> parts;
  web::MultipartParser parser(const std::string& boundary) {
    return web::MultipartParser(
        boundary, {[this](const web::PartHeaders& h) {
                     parts.push_back({h, {}});
                     return domain::ok();
                   },
                   [this](std::string_view d) {
                     parts.back().data.append(d);
                     return domain::ok();
                   },
                   [] { return domain::ok(); }});
  }
};

const std::string kBody =
    std::string("preamble to ignore\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"screening_id\"\r\n"
    "\r\n"
    "42\r\n"
    "--XyZ\r\n"
    "Content-Disposition: form-data; name=\"video\"; filename=\"my clip.mp4\"\r\n"
    "Content-Type: video/mp4\r\n")
    + "\r\n" +
    std::string("\x00\x01", 2) + "binary\r\n--XyNotTheBoundary\r\n\r\nmore"
    "\r\n--XyZ--\r\n"
    "epilogue";

TEST(Multipart, BoundaryFromContentType) {
  EXPECT_EQ(web::multipart_boundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(web::multipart_boundary("Multipart/Form-Data; charset=utf-8; boundary=\"a b\""), "a b");
  EXPECT_FALSE(web::multipart_boundary("application/json"));
  EXPECT_FALSE(web::multipart_boundary("multipart/form-data"));
  EXPECT_FALSE(web::multipart_boundary("multipart/form-data; boundary=" + std::string(71, 'x')));
}

TEST(Multipart, ParsesWholeBody) {
  Collector c;
  auto p = c.parser("XyZ");
  std::string body(kBody.data(), kBody.size());
  ASSERT_TRUE(p.feed(body).ok());
  ASSERT_TRUE(p.finish().ok());
  ASSERT_EQ(c.parts.size(), 2u);
  EXPECT_EQ(c.parts[0].headers.name, "screening_id");
  EXPECT_FALSE(c.parts[0].headers.filename);
  EXPECT_EQ(c.parts[0].data, "42");
  EXPECT_EQ(c.parts[1].headers.name, "video");
  EXPECT_EQ(c.parts[1].headers.filename, "my clip.mp4");
  EXPECT_EQ(c.parts[1].headers.content_type, "video/mp4");
  EXPECT_EQ(c.parts[1].data, std::string("\x00\x01", 2) + "binary\r\n--XyNotTheBoundary\r\n\r\nmore");
}

TEST(Multipart, ParsesOneByteAtATime) {
  const std::string body(kBody.data(), kBody.size());
  Collector whole;
  auto p1 = whole.parser("XyZ");
  ASSERT_TRUE(p1.feed(body).ok());
  Collector bytes;
  auto p2 = bytes.parser("XyZ");
  for (char ch : body) ASSERT_TRUE(p2.feed(std::string_view(&ch, 1)).ok());
  ASSERT_TRUE(p2.finish().ok());
  ASSERT_EQ(bytes.parts.size(), whole.parts.size());
  for (std::size_t i = 0; i < whole.parts.size(); ++i) {
    EXPECT_EQ(bytes.parts[i].data, whole.parts[i].data);
  }
}

TEST(Multipart, MissingClosingBoundary) {
  Collector c;
  auto p = c.parser("XyZ");
  ASSERT_TRUE(p.feed("--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nvalue").ok());
  EXPECT_FALSE(p.finish().ok());
}

TEST(Multipart, BadPartHeaders) {
  Collector c;
  auto p = c.parser("B");
  EXPECT_FALSE(p.feed("--B\r\nContent-Type: text/plain\r\n\r\nx\r\n--B--").ok());
  Collector c2;
  auto p2 = c2.parser("B");
  EXPECT_FALSE(p2.feed("--B\r\nX-Long: " + std::string(9000, 'a')).ok());
  Collector c3;
  auto p3 = c3.parser("B");
  EXPECT_FALSE(p3.feed("--Bxx").ok());
}

TEST(Multipart, CallbackErrorStopsParsing) {
  web::MultipartParser p("B", {[](const web::PartHeaders&) {
                                 return domain::Status(domain::Error::bad_request("no"));
                               },
                               [](std::string_view) { return domain::ok(); },
                               [] { return domain::ok(); }});
  auto st = p.feed("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().detail, "no");
}

}  // namespace
