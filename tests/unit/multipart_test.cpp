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
    return web::MultipartParser(boundary, {[this](const web::PartHeaders& h) {
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
    std::string(
        "preamble to ignore\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"screening_id\"\r\n"
        "\r\n"
        "42\r\n"
        "--XyZ\r\n"
        "Content-Disposition: form-data; name=\"video\"; filename=\"my clip.mp4\"\r\n"
        "Content-Type: video/mp4\r\n") +
    "\r\n" + std::string("\x00\x01", 2) +
    "binary\r\n--XyNotTheBoundary\r\n\r\nmore"
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
  EXPECT_EQ(c.parts[1].data,
            std::string("\x00\x01", 2) + "binary\r\n--XyNotTheBoundary\r\n\r\nmore");
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
  web::MultipartParser p(
      "B",
      {[](const web::PartHeaders&) { return domain::Status(domain::Error::bad_request("no")); },
       [](std::string_view) { return domain::ok(); }, [] { return domain::ok(); }});
  auto st = p.feed("--B\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--");
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().detail, "no");
}

}  // namespace

// A boundary line padded forever (one of the ways to make a parser keep and
// rescan its input) is refused once the padding passes a fixed bound, and the
// parser never holds more than a small window.
TEST(Multipart, EndlessPaddingAfterABoundaryIsRefusedEarly) {
  Collector c;
  auto p = c.parser("B");
  ASSERT_TRUE(p.feed("--B").ok());
  const std::string spaces(64 * 1024, ' ');
  std::size_t fed = 0;
  domain::Status st = domain::ok();
  while (st.ok() && fed < 32u * 1024 * 1024) {
    st = p.feed(spaces);
    fed += spaces.size();
    EXPECT_LE(p.buffered(), spaces.size());
  }
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(fed, spaces.size());  // refused within the first chunk
  EXPECT_EQ(st.error().code, domain::ErrorCode::kBadRequest);
}

TEST(Multipart, PaddingFedByteByByteIsBoundedToo) {
  Collector c;
  auto p = c.parser("B");
  ASSERT_TRUE(p.feed("--B").ok());
  std::size_t fed = 0;
  domain::Status st = domain::ok();
  while (st.ok() && fed < 100000) {
    st = p.feed(" ");
    ++fed;
    EXPECT_LE(p.buffered(), 2u);
  }
  EXPECT_FALSE(st.ok());
  EXPECT_LT(fed, 2000u);
}

TEST(Multipart, ModestPaddingIsStillTransportPadding) {
  Collector c;
  auto p = c.parser("B");
  ASSERT_TRUE(
      p.feed("--B   \t\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nx\r\n--B--").ok());
  ASSERT_TRUE(p.finish().ok());
  ASSERT_EQ(c.parts.size(), 1u);
  EXPECT_EQ(c.parts[0].data, "x");
}

// A large file part passes through while the parser keeps only a partial delimiter.
TEST(Multipart, LargePartsKeepTheBufferSmall) {
  Collector c;
  auto p = c.parser("B");
  ASSERT_TRUE(p.feed("--B\r\nContent-Disposition: form-data; name=\"video\"; filename=\"a.mp4\"\r\n"
                     "Content-Type: video/mp4\r\n\r\n")
                  .ok());
  const std::string block(64 * 1024, 'v');
  for (int i = 0; i < 64; ++i) {
    ASSERT_TRUE(p.feed(block).ok());
    EXPECT_LT(p.buffered(), 16u);
  }
  ASSERT_TRUE(p.feed("\r\n--B--\r\n").ok());
  ASSERT_TRUE(p.finish().ok());
  EXPECT_EQ(c.parts[0].data.size(), 64u * block.size());
}

// A header block that never ends is refused at its bound, fed in small pieces.
TEST(Multipart, EndlessPartHeadersAreRefusedAtTheirBound) {
  Collector c;
  auto p = c.parser("B");
  ASSERT_TRUE(p.feed("--B\r\nX: ").ok());
  domain::Status st = domain::ok();
  std::size_t fed = 0;
  while (st.ok() && fed < 1000000) {
    st = p.feed("aaaaaaaaaaaaaaaa");
    fed += 16;
  }
  EXPECT_FALSE(st.ok());
  EXPECT_LT(fed, 10000u);
}

// A ';' or "name=" inside a quoted value is part of the value.
TEST(Multipart, QuotedParametersAreReadInOnePass) {
  auto h = web::parse_part_headers(
      "Content-Disposition: form-data; filename=\"a; name=evil.mp4\"; name=\"video\"");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->name, "video");
  EXPECT_EQ(h->filename, "a; name=evil.mp4");
  auto unterminated = web::parse_part_headers("Content-Disposition: form-data; name=\"video");
  EXPECT_FALSE(unterminated.ok());
  EXPECT_EQ(web::multipart_boundary("multipart/form-data; a=\"x;boundary=no\"; boundary=yes"),
            "yes");
}
