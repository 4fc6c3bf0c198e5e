// The tus headers, at their edges: sizes, Upload-Metadata, Upload-Checksum; and the
// base64 they carry.
#include "http/tus_headers.hpp"

#include <gtest/gtest.h>

#include "util/crypto.hpp"

namespace {

using web::tus::parse_metadata;
using web::tus::parse_sha1_checksum;
using web::tus::parse_size;

TEST(TusHeaders, SizesAreDigitsOnly) {
  EXPECT_EQ(*parse_size("Upload-Length", "0"), 0u);
  EXPECT_EQ(*parse_size("Upload-Length", "999999999999999999"), 999999999999999999u);
  for (const char* bad :
       {"", "-1", "+1", " 1", "1 ", "1.0", "0x10", "1e3", "9999999999999999999"}) {
    EXPECT_FALSE(parse_size("Upload-Length", bad)) << bad;
  }
}

TEST(TusHeaders, MetadataPairsAreDecoded) {
  auto m = parse_metadata("filename bXkgdmlkZW8ubXA0,filetype dmlkZW8vbXA0, is_confidential");
  ASSERT_TRUE(m);
  ASSERT_EQ(m->size(), 3u);
  EXPECT_EQ((*m)[0], std::make_pair(std::string("filename"), std::string("my video.mp4")));
  EXPECT_EQ((*m)[1].second, "video/mp4");
  EXPECT_EQ((*m)[2], std::make_pair(std::string("is_confidential"), std::string()));
  EXPECT_TRUE(parse_metadata("")->empty());
}

TEST(TusHeaders, BadMetadataIsRefused) {
  for (const char* bad : {"a b,,c d", ",", "a !!!", "a YQ==,a YQ==", "a\x01 YQ==", "a  YQ=="}) {
    EXPECT_FALSE(parse_metadata(bad)) << bad;
  }
  std::string many;
  for (int i = 0; i < 33; ++i) many += (i ? ",k" : "k") + std::to_string(i);
  EXPECT_FALSE(parse_metadata(many));
  EXPECT_TRUE(parse_metadata(many.substr(0, many.rfind(','))));  // 32 pairs
  EXPECT_TRUE(parse_metadata(std::string(64, 'k')));
  EXPECT_FALSE(parse_metadata(std::string(65, 'k')));
}

TEST(TusHeaders, ChecksumIsSha1Only) {
  auto d = parse_sha1_checksum("sha1 h6zsF82dzSCnFsws9nQXtxyKcBY=");
  ASSERT_TRUE(d);
  EXPECT_EQ(util::hex_encode(*d), "87acec17cd9dcd20a716cc2cf67417b71c8a7016");
  EXPECT_FALSE(parse_sha1_checksum("md5 1B2M2Y8AsgTpgAmY7PhCfg=="));
  EXPECT_FALSE(parse_sha1_checksum("sha1"));
  EXPECT_FALSE(parse_sha1_checksum("sha1 YQ=="));  // not 20 bytes
}

TEST(Base64, DecodesCanonicalInputWithOrWithoutPadding) {
  EXPECT_EQ(*util::base64_decode(""), "");
  EXPECT_EQ(*util::base64_decode("YQ=="), "a");
  EXPECT_EQ(*util::base64_decode("YQ"), "a");
  EXPECT_EQ(*util::base64_decode("YWI="), "ab");
  EXPECT_EQ(*util::base64_decode("YWJj"), "abc");
  for (const char* bad : {"Y", "YQ=", "Y===", "YR==", "YW-j", "YW_j", "=YWJ", "YQ==YQ=="}) {
    EXPECT_FALSE(util::base64_decode(bad)) << bad;
  }
  const std::string all = [] {
    std::string s;
    for (int c = 0; c < 256; ++c) s.push_back(static_cast<char>(c));
    return s;
  }();
  for (std::size_t n = 0; n < 8; ++n) {
    EXPECT_EQ(*util::base64_decode(util::base64_encode(all.substr(0, n + 250))),
              all.substr(0, n + 250));
  }
}

}  // namespace
