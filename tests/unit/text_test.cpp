// Text helpers: percent-decoding, ids, UTF-8 validity and length, trimming.
#include "util/text.hpp"

#include <gtest/gtest.h>

#include "http/request.hpp"

namespace {

using std::string_literals::operator""s;

TEST(UrlDecode, DecodesEscapes) {
  EXPECT_EQ(util::url_decode("Resume%20Screening", false), "Resume Screening");
  EXPECT_EQ(util::url_decode("%41%62%7e", false), "Ab~");
  EXPECT_EQ(util::url_decode("a%2Fb", false), "a/b");
  EXPECT_EQ(util::url_decode("%C3%A9", false), "é");
  EXPECT_EQ(util::url_decode("%00", false), "\0"s);
  EXPECT_EQ(util::url_decode("", false), "");
  EXPECT_EQ(util::url_decode("plain", false), "plain");
}

TEST(UrlDecode, PlusIsASpaceOnlyInQueries) {
  EXPECT_EQ(util::url_decode("a+b", true), "a b");
  EXPECT_EQ(util::url_decode("a+b", false), "a+b");
  EXPECT_EQ(util::url_decode("a%2Bb", true), "a+b");
}

TEST(UrlDecode, BadEscapesFail) {
  for (const char* bad : {"%", "%4", "a%", "a%4", "%zz", "%4g", "%g4", "100%", "%%41"}) {
    EXPECT_EQ(util::url_decode(bad, false), std::nullopt) << bad;
  }
}

TEST(UrlEncode, EscapesAllButUnreserved) {
  EXPECT_EQ(util::url_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(util::url_encode("a b/c?d=e&f"), "a%20b%2Fc%3Fd%3De%26f");
  EXPECT_EQ(util::url_encode("é"), "%C3%A9");
  EXPECT_EQ(util::url_encode("+%"), "%2B%25");
  const std::string odd = "x y+z/é%\x01";
  EXPECT_EQ(util::url_decode(util::url_encode(odd), true), odd);
}

TEST(ParseQuery, SplitsDecodesAndDropsBadPairs) {
  auto q = web::parse_query("a=1&b=x%20y&&c&d=%zz&e=a+b&=v&a=2");
  ASSERT_EQ(q.size(), 6u);
  EXPECT_EQ(q[0], (std::pair<std::string, std::string>{"a", "1"}));
  EXPECT_EQ(q[1], (std::pair<std::string, std::string>{"b", "x y"}));
  EXPECT_EQ(q[2], (std::pair<std::string, std::string>{"c", ""}));
  EXPECT_EQ(q[3], (std::pair<std::string, std::string>{"e", "a b"}));
  EXPECT_EQ(q[4], (std::pair<std::string, std::string>{"", "v"}));
  EXPECT_EQ(q[5], (std::pair<std::string, std::string>{"a", "2"}));
  web::Request req;
  req.query = q;
  EXPECT_EQ(req.query_value("a"), "1");  // the first one wins
  EXPECT_EQ(req.query_value("d"), std::nullopt);
  EXPECT_TRUE(web::parse_query("").empty());
}

TEST(ParsePositiveId, AcceptsPositive64BitDecimals) {
  EXPECT_EQ(util::parse_positive_id("1"), 1);
  EXPECT_EQ(util::parse_positive_id("42"), 42);
  EXPECT_EQ(util::parse_positive_id("007"), 7);
  EXPECT_EQ(util::parse_positive_id("9223372036854775807"), INT64_MAX);
}

TEST(ParsePositiveId, RefusesEverythingElse) {
  for (const char* bad :
       {"", "0", "00", "-1", "+1", " 1", "1 ", "1.5", "1e3", "abc", "0x10", "9223372036854775808",
        "18446744073709551616", "99999999999999999999", "12a", "١٢"}) {
    EXPECT_EQ(util::parse_positive_id(bad), std::nullopt) << bad;
  }
}

TEST(ValidUtf8, AcceptsWellFormed) {
  EXPECT_TRUE(util::valid_utf8(""));
  EXPECT_TRUE(util::valid_utf8("plain ascii"));
  EXPECT_TRUE(util::valid_utf8("\x7f"));
  EXPECT_TRUE(util::valid_utf8("\xc2\x80"));          // U+0080
  EXPECT_TRUE(util::valid_utf8("é"));                 // U+00E9
  EXPECT_TRUE(util::valid_utf8("\xe0\xa0\x80"));      // U+0800
  EXPECT_TRUE(util::valid_utf8("€"));                 // U+20AC
  EXPECT_TRUE(util::valid_utf8("\xed\x9f\xbf"));      // U+D7FF, just below the surrogates
  EXPECT_TRUE(util::valid_utf8("\xee\x80\x80"));      // U+E000, just above them
  EXPECT_TRUE(util::valid_utf8("\xf0\x90\x80\x80"));  // U+10000
  EXPECT_TRUE(util::valid_utf8("😀"));
  EXPECT_TRUE(util::valid_utf8("\xf4\x8f\xbf\xbf"));  // U+10FFFF
  EXPECT_TRUE(util::valid_utf8("a\0b"s));
}

TEST(ValidUtf8, RefusesOverlongsSurrogatesAndTruncations) {
  for (const std::string& bad : {
           "\xc0\x80"s,          // overlong NUL
           "\xc1\xbf"s,          // overlong U+007F
           "\xe0\x80\x80"s,      // overlong 3-byte
           "\xe0\x9f\xbf"s,      // overlong U+07FF
           "\xf0\x80\x80\x80"s,  // overlong 4-byte
           "\xf0\x8f\xbf\xbf"s,  // overlong U+FFFF
           "\xed\xa0\x80"s,      // U+D800
           "\xed\xbf\xbf"s,      // U+DFFF
           "\xf4\x90\x80\x80"s,  // U+110000
           "\xf5\x80\x80\x80"s,  // past Unicode
           "\xf8\x88\x80\x80\x80"s,
           "\xff"s,
           "\xfe"s,
           "\x80"s,          // stray continuation
           "a\xbf"s,         // stray continuation after ASCII
           "\xc3"s,          // truncated 2-byte
           "\xe2\x82"s,      // truncated 3-byte
           "\xf0\x9f\x98"s,  // truncated 4-byte
           "\xc3\x28"s,      // bad continuation
           "\xe2\x28\xa1"s,
       }) {
    EXPECT_FALSE(util::valid_utf8(bad)) << testing::PrintToString(bad);
  }
}

TEST(Utf8Length, CountsCodePoints) {
  EXPECT_EQ(util::utf8_length(""), 0u);
  EXPECT_EQ(util::utf8_length("hello"), 5u);
  EXPECT_EQ(util::utf8_length("héllo"), 5u);
  EXPECT_EQ(util::utf8_length("€😀"), 2u);
}

TEST(Trim, StripsAsciiWhitespaceAtBothEnds) {
  EXPECT_EQ(util::trim("  a b \t\r\n"), "a b");
  EXPECT_EQ(util::trim(""), "");
  EXPECT_EQ(util::trim(" \t "), "");
  EXPECT_EQ(util::trim("x"), "x");
}

TEST(AsciiLower, LowersOnlyAscii) {
  EXPECT_EQ(util::ascii_lower("Ann@Example.COM"), "ann@example.com");
  EXPECT_EQ(util::ascii_lower("ÉCOLE"), "École");
}

}  // namespace
