// Webhook secrets and signatures: the Standard Webhooks reference libraries' known
// answer, the same HMAC computed by Python's hmac module (Debian's /usr/bin/python3) for
// random secrets and bodies, and the two-signature header of a rotation.
#include "webhooks/signature.hpp"

#include <gtest/gtest.h>
#include <stdio.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <set>
#include <string>
#include <vector>

#include "util/crypto.hpp"

namespace {

using webhooks::secret_key;
using webhooks::sign;
using webhooks::signature_header;

// The test vector of standard-webhooks/standard-webhooks (libraries/javascript,
// "sign function works"; the other libraries share it).
constexpr std::string_view kSpecSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
constexpr std::string_view kSpecId = "msg_p5jXN8AQM9LWM0D4loKWxJek";
constexpr std::int64_t kSpecTimestamp = 1614265330;
constexpr std::string_view kSpecBody = R"({"test": 2432232314})";
constexpr std::string_view kSpecSignature = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

std::string key_of(std::string_view secret) {
  auto key = secret_key(secret);
  EXPECT_TRUE(key.ok()) << secret;
  return key ? *key : std::string();
}

TEST(WebhookSignature, KnownAnswerOfTheSpecification) {
  EXPECT_EQ(sign(key_of(kSpecSecret), kSpecId, kSpecTimestamp, kSpecBody), kSpecSignature);
  auto header = signature_header(kSpecId, kSpecTimestamp, kSpecBody, kSpecSecret);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(*header, kSpecSignature);
}

TEST(WebhookSignature, NewSecretsAreBase64OfThirtyTwoRandomBytes) {
  std::set<std::string> seen;
  for (int i = 0; i < 20; ++i) {
    const std::string secret = webhooks::new_secret();
    ASSERT_TRUE(secret.starts_with("whsec_")) << secret;
    EXPECT_EQ(secret.size(), 6u + 44u) << secret;  // 32 bytes: 43 characters and one "="
    const auto decoded = util::base64_decode(secret.substr(6));
    ASSERT_TRUE(decoded.has_value()) << secret;
    EXPECT_EQ(decoded->size(), 32u);
    EXPECT_EQ(key_of(secret), *decoded);
    EXPECT_TRUE(seen.insert(secret).second) << "a secret came twice";
  }
}

TEST(WebhookSignature, SecretKeyRefusesWhatIsNotASecret) {
  const std::string bytes24 = util::base64_encode(std::string(24, 'a'));
  const std::string bytes64 = util::base64_encode(std::string(64, 'b'));
  EXPECT_EQ(key_of("whsec_" + bytes24), std::string(24, 'a'));
  EXPECT_EQ(key_of("whsec_" + bytes64), std::string(64, 'b'));
  const std::vector<std::string> bad_secrets = {
      "",
      "whsec_",
      std::string(kSpecSecret.substr(6)),  // the last without its prefix
      "WHSEC_" + bytes24,
      "whsec_" + util::base64_encode(std::string(23, 'a')),
      "whsec_" + util::base64_encode(std::string(65, 'a')),
      "whsec_not base64 at all!!",
      "whsec_" + bytes24 + "\n"};
  for (const std::string& bad : bad_secrets) {
    auto key = secret_key(bad);
    ASSERT_FALSE(key.ok()) << bad;
    EXPECT_EQ(key.error().code, domain::ErrorCode::kInvalid);
    EXPECT_EQ(key.error().fields.count("secret"), 1u);
  }
}

// Python's hmac and base64, on the same inputs, written to files.
std::string python_signature(const std::string& key, const std::string& id, std::int64_t ts,
                             const std::string& body) {
  char dir_template[] = "/tmp/webhook-signature-test-XXXXXX";
  const std::string dir = ::mkdtemp(dir_template);
  std::ofstream(dir + "/key", std::ios::binary) << key;
  std::ofstream(dir + "/body", std::ios::binary) << body;
  const std::string command =
      "/usr/bin/python3 -c 'import base64, hmac, hashlib, sys\n"
      "d = sys.argv[1]\n"
      "key = open(d + \"/key\", \"rb\").read()\n"
      "msg = sys.argv[2].encode() + b\".\" + sys.argv[3].encode() + b\".\" + "
      "open(d + \"/body\", \"rb\").read()\n"
      "print(\"v1,\" + base64.b64encode(hmac.new(key, msg, hashlib.sha256).digest()).decode())' " +
      dir + " " + id + " " + std::to_string(ts);
  FILE* pipe = ::popen(command.c_str(), "r");
  std::string out;
  char buf[256];
  while (pipe && std::fgets(buf, sizeof buf, pipe)) out += buf;
  if (pipe) ::pclose(pipe);
  std::remove((dir + "/key").c_str());
  std::remove((dir + "/body").c_str());
  ::rmdir(dir.c_str());
  while (!out.empty() && out.back() == '\n') out.pop_back();
  return out;
}

TEST(WebhookSignature, EqualsPythonsHmacOnRandomInputs) {
  std::mt19937_64 gen(20261204);
  for (int i = 0; i < 5; ++i) {
    const std::string secret = webhooks::new_secret();
    std::string body(std::uniform_int_distribution<std::size_t>(0, 3000)(gen), '\0');
    for (char& c : body) c = static_cast<char>(gen() & 0xff);  // any bytes, NUL included
    const std::string id = "evt_" + std::to_string(gen() % 1000000);
    const auto ts = static_cast<std::int64_t>(1700000000 + gen() % 100000000);
    const std::string ours = sign(key_of(secret), id, ts, body);
    EXPECT_EQ(ours, python_signature(key_of(secret), id, ts, body)) << "body of " << body.size();
    EXPECT_EQ(ours.size(), 3u + 44u);
  }
}

TEST(WebhookSignature, EveryPartIsSigned) {
  const std::string key = key_of(kSpecSecret);
  const std::string reference = sign(key, kSpecId, kSpecTimestamp, kSpecBody);
  EXPECT_NE(sign(key, "msg_other", kSpecTimestamp, kSpecBody), reference);
  EXPECT_NE(sign(key, kSpecId, kSpecTimestamp + 1, kSpecBody), reference);
  EXPECT_NE(sign(key, kSpecId, kSpecTimestamp, R"({"test": 2432232315})"), reference);
  EXPECT_NE(sign(key_of(webhooks::new_secret()), kSpecId, kSpecTimestamp, kSpecBody), reference);
}

TEST(WebhookSignature, RotationSignsWithBothSecretsNewestFirst) {
  const std::string current = webhooks::new_secret();
  const std::string body = R"({"type":"ping","timestamp":"2026-12-04T10:00:00Z","data":{}})";
  auto header = signature_header("evt_1", 1764842400, body, current, kSpecSecret);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(*header, sign(key_of(current), "evt_1", 1764842400, body) + " " +
                         sign(key_of(kSpecSecret), "evt_1", 1764842400, body));
  auto bad_previous = signature_header("evt_1", 1764842400, body, current, "whsec_!");
  ASSERT_FALSE(bad_previous.ok());
  EXPECT_EQ(bad_previous.error().fields.count("secret"), 1u);
  EXPECT_FALSE(signature_header("evt_1", 1764842400, body, "nope").ok());
}

}  // namespace
