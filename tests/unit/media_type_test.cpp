// Media types as RFC 9110 defines them: what is accepted, how it is normalised, and
// that nothing that could split a header (CR, LF, NUL, other controls) gets through.
#include "http/media_type.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace {

using web::parse_media_type;

std::string normalised(std::string_view value) {
  auto t = parse_media_type(value);
  return t ? t->text : "<invalid>";
}

TEST(MediaType, AcceptsAndNormalises) {
  EXPECT_EQ(normalised("video/mp4"), "video/mp4");
  EXPECT_EQ(normalised("  Video/MP4 \t"), "video/mp4");
  EXPECT_EQ(normalised("video/webm;codecs=vp8"), "video/webm; codecs=vp8");
  EXPECT_EQ(normalised("video/webm ; CODECS=\"vp8, opus\""), "video/webm; codecs=\"vp8, opus\"");
  EXPECT_EQ(normalised("audio/ogg; codecs=opus; rate=48000"), "audio/ogg; codecs=opus; rate=48000");
  EXPECT_EQ(normalised("video/x-matroska"), "video/x-matroska");
  EXPECT_EQ(normalised("application/vnd.api+json"), "application/vnd.api+json");
  EXPECT_EQ(normalised("text/plain;"), "text/plain");  // an empty parameter adds nothing
  EXPECT_EQ(normalised(R"(video/mp4; name="a \"quoted\" \\ value")"),
            R"(video/mp4; name="a \"quoted\" \\ value")");
  auto t = parse_media_type("Audio/MPEG");
  ASSERT_TRUE(t);
  EXPECT_EQ(t->type, "audio");
  EXPECT_EQ(t->subtype, "mpeg");
}

TEST(MediaType, RefusesWhatCouldSplitAHeader) {
  for (const std::string& bad : std::vector<std::string>{
           std::string("video/mp4\nX-Injected: yes"),
           std::string("video/mp4\r\nX-Injected: yes"),
           std::string("video/mp4\rx"),
           std::string("video/mp4\0x", 11),
           std::string("video/mp4; a=\"b\nc\""),
           std::string("video/mp4; a=\"b\0c\"", 18),
           std::string("video/mp4; a=\"b\\\nc\""),
           std::string("video/mp4\x7f"),
           std::string("video/mp4; a=b\x01"),
       }) {
    EXPECT_FALSE(parse_media_type(bad)) << bad;
  }
}

TEST(MediaType, RefusesMalformedTypes) {
  for (const char* bad :
       {"", "   ", "video", "video/", "/mp4", "video//mp4", "video/mp4/x", "vi deo/mp4",
        "video/mp 4", "video/mp4;a", "video/mp4; a=", "video/mp4; =b", "video/mp4; a=\"unclosed",
        "video/mp4; a=b c", "video/mp4, audio/mp4", "video/mp4; a=\"b\\", "(video)/mp4",
        "video/mp4; a=\"caf\xc3\xa9\"", "vid\xc3\xa9o/mp4"}) {
    EXPECT_FALSE(parse_media_type(bad)) << bad;
  }
}

TEST(MediaType, BoundedLength) {
  const std::string base = "video/mp4; p=";
  EXPECT_TRUE(parse_media_type(base + std::string(web::kMaxMediaTypeBytes - base.size(), 'a')));
  EXPECT_FALSE(
      parse_media_type(base + std::string(web::kMaxMediaTypeBytes - base.size() + 1, 'a')));
  // Normalising adds a space per parameter; what would no longer fit is refused, so that
  // a normalised text always parses to itself.
  std::string many = "a/b";
  while (many.size() + 4 <= web::kMaxMediaTypeBytes) many += ";c=d";
  EXPECT_FALSE(parse_media_type(many));
  std::string some = "a/b";
  for (int i = 0; i < 40; ++i) some += ";c=d";
  auto t = parse_media_type(some);
  ASSERT_TRUE(t);
  auto again = parse_media_type(t->text);
  ASSERT_TRUE(again);
  EXPECT_EQ(again->text, t->text);
  // Linear in its input: a long run of anything is refused quickly.
  EXPECT_FALSE(parse_media_type(std::string(10'000'000, ';')));
}

TEST(MediaType, AudioOrVideo) {
  for (const char* ok : {"video/mp4", "audio/mpeg", "VIDEO/webm; codecs=vp8", "audio/x-wav"}) {
    auto t = parse_media_type(ok);
    ASSERT_TRUE(t) << ok;
    EXPECT_TRUE(web::is_audio_or_video(*t)) << ok;
  }
  for (const char* other : {"text/plain", "image/jpeg", "application/octet-stream", "videos/mp4",
                            "multipart/form-data; boundary=x"}) {
    auto t = parse_media_type(other);
    ASSERT_TRUE(t) << other;
    EXPECT_FALSE(web::is_audio_or_video(*t)) << other;
  }
}

TEST(MediaType, FallbackForWritingBack) {
  EXPECT_EQ(web::media_type_or("Video/MP4", "application/octet-stream"), "video/mp4");
  EXPECT_EQ(web::media_type_or("video/mp4\nX-Injected: yes", "application/octet-stream"),
            "application/octet-stream");
  EXPECT_EQ(web::media_type_or(std::string("video/mp4\0x", 11), "application/octet-stream"),
            "application/octet-stream");
  EXPECT_EQ(web::media_type_or("", "application/octet-stream"), "application/octet-stream");
}

}  // namespace
