// Content-Disposition of downloads: an ASCII filename="..." that no name can break
// out of, and filename*=UTF-8''... (RFC 8187) with the real name.
#include "http/content_disposition.hpp"

#include <gtest/gtest.h>

#include <string>

namespace {

using web::attachment_disposition;

TEST(ContentDisposition, PlainName) {
  EXPECT_EQ(attachment_disposition("answer.mp4"),
            "attachment; filename=\"answer.mp4\"; filename*=UTF-8''answer.mp4");
}

TEST(ContentDisposition, QuotesSemicolonsAndBackslashesStayInside) {
  EXPECT_EQ(attachment_disposition("take \"2\"; final.mp4"),
            "attachment; filename=\"take \\\"2\\\"; final.mp4\"; "
            "filename*=UTF-8''take%20%222%22%3B%20final.mp4");
  EXPECT_EQ(attachment_disposition("a\\b.mp4"),
            "attachment; filename=\"a\\\\b.mp4\"; filename*=UTF-8''a%5Cb.mp4");
  // A name that tries to end the quoted string and add a parameter of its own.
  EXPECT_EQ(attachment_disposition("x\"; filename=\"evil.exe"),
            "attachment; filename=\"x\\\"; filename=\\\"evil.exe\"; "
            "filename*=UTF-8''x%22%3B%20filename%3D%22evil.exe");
}

TEST(ContentDisposition, Utf8NamesGoIntoFilenameStar) {
  EXPECT_EQ(attachment_disposition("café.webm"),
            "attachment; filename=\"caf_.webm\"; filename*=UTF-8''caf%C3%A9.webm");
  EXPECT_EQ(attachment_disposition("日本語.mp4"),
            "attachment; filename=\"___.mp4\"; filename*=UTF-8''%E6%97%A5%E6%9C%AC%E8%AA%9E.mp4");
  EXPECT_EQ(attachment_disposition("😀.mp4"),
            "attachment; filename=\"_.mp4\"; filename*=UTF-8''%F0%9F%98%80.mp4");
}

TEST(ContentDisposition, ControlsAndBadBytesNeverReachTheHeader) {
  static constexpr char kName[] = "a\r\nX-Injected: yes\0\x7f\xff\xc0\x80.mp4";
  const std::string value = attachment_disposition(std::string(kName, sizeof kName - 1));
  for (char c : value) {
    const auto u = static_cast<unsigned char>(c);
    EXPECT_TRUE(u >= 0x20 && u < 0x7f) << "byte " << static_cast<int>(u) << " in " << value;
  }
  EXPECT_EQ(value,
            "attachment; filename=\"a__X-Injected: yes_____.mp4\"; "
            "filename*=UTF-8''a%0D%0AX-Injected%3A%20yes%00%7F%EF%BF%BD%EF%BF%BD%EF%BF%BD.mp4");
}

TEST(ContentDisposition, PercentIsNotLeftForBrowsersToDecode) {
  EXPECT_EQ(attachment_disposition("100%41.mp4"),
            "attachment; filename=\"100_41.mp4\"; filename*=UTF-8''100%2541.mp4");
}

TEST(ContentDisposition, AttrCharsAreKept) {
  EXPECT_EQ(attachment_disposition("a!#$&+-.^_`|~b.mp4"),
            "attachment; filename=\"a!#$&+-.^_`|~b.mp4\"; filename*=UTF-8''a!#$&+-.^_`|~b.mp4");
}

TEST(ContentDisposition, EmptyName) {
  EXPECT_EQ(attachment_disposition(""),
            "attachment; filename=\"download\"; filename*=UTF-8''download");
}

}  // namespace
