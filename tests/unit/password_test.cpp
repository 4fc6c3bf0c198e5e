// Password hashing (argon2id at the minimum cost) and API tokens.
#include "auth/password.hpp"

#include <gtest/gtest.h>

#include "auth/token.hpp"

namespace {

bool is_lower_hex(const std::string& s) {
  return s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

TEST(PasswordHasher, HashesAndVerifies) {
  auth::PasswordHasher hasher(auth::PasswordCost::kMin);
  const std::string hash = hasher.hash("correct horse battery");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_EQ(hash.find("correct horse"), std::string::npos);
  EXPECT_TRUE(hasher.verify(hash, "correct horse battery"));
  EXPECT_FALSE(hasher.verify(hash, "correct horse batter"));
  EXPECT_FALSE(hasher.verify(hash, "Correct horse battery"));
  EXPECT_FALSE(hasher.verify(hash, ""));
}

TEST(PasswordHasher, SaltsEachHash) {
  auth::PasswordHasher hasher(auth::PasswordCost::kMin);
  const std::string a = hasher.hash("same password");
  const std::string b = hasher.hash("same password");
  EXPECT_NE(a, b);
  EXPECT_TRUE(hasher.verify(a, "same password"));
  EXPECT_TRUE(hasher.verify(b, "same password"));
}

TEST(PasswordHasher, HandlesUnusualPasswords) {
  auth::PasswordHasher hasher(auth::PasswordCost::kMin);
  const std::string with_nul("pass\0word", 9);
  const std::string hash = hasher.hash(with_nul);
  EXPECT_TRUE(hasher.verify(hash, with_nul));
  EXPECT_FALSE(hasher.verify(hash, "pass"));
  const std::string unicode = "pässwörd ✓ 密码";
  EXPECT_TRUE(hasher.verify(hasher.hash(unicode), unicode));
  EXPECT_TRUE(hasher.verify(hasher.hash(""), ""));
}

TEST(PasswordHasher, GarbageHashNeverVerifies) {
  auth::PasswordHasher hasher(auth::PasswordCost::kMin);
  for (const char* encoded : {"", "plain", "$argon2id$", "$argon2id$v=19$m=8,t=1,p=1$AAAA$BBBB"}) {
    EXPECT_FALSE(hasher.verify(encoded, "plain")) << encoded;
  }
  hasher.burn("anything");  // costs time, changes nothing
}

TEST(Token, MakeGivesARandomKeyAndItsHash) {
  auto a = auth::make_token();
  auto b = auth::make_token();
  EXPECT_EQ(a.key.size(), 64u);  // 32 bytes as hex
  EXPECT_TRUE(is_lower_hex(a.key));
  EXPECT_EQ(a.hash, auth::hash_token(a.key));
  EXPECT_NE(a.hash, a.key);
  EXPECT_EQ(a.hash.size(), 64u);
  EXPECT_NE(a.key, b.key);
  EXPECT_NE(a.hash, b.hash);
}

TEST(Token, HashIsSha256Hex) {
  EXPECT_EQ(auth::hash_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(auth::hash_token(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Token, KeyFromAuthorizationAcceptsTokenAndBearerInAnyCase) {
  EXPECT_EQ(auth::key_from_authorization("Token abc123"), "abc123");
  EXPECT_EQ(auth::key_from_authorization("Bearer abc123"), "abc123");
  EXPECT_EQ(auth::key_from_authorization("token abc123"), "abc123");
  EXPECT_EQ(auth::key_from_authorization("BEARER abc123"), "abc123");
  EXPECT_EQ(auth::key_from_authorization("ToKeN abc123"), "abc123");
  EXPECT_EQ(auth::key_from_authorization("  Token   abc123  "), "abc123");
}

TEST(Token, KeyFromAuthorizationRefusesGarbage) {
  for (const char* header :
       {"", " ", "Token", "Token ", "Bearer", "abc123", "Basic dXNlcjpwYXNz", "Tokenabc123",
        "Token abc 123", "Bearer a b", "Digest x", "Bearer: abc123", "Token-abc123"}) {
    EXPECT_EQ(auth::key_from_authorization(header), std::nullopt) << '"' << header << '"';
  }
}

}  // namespace
