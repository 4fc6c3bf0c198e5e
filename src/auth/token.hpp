// API tokens: 32 random bytes shown once as hex; only their SHA-256 is stored.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace auth {

struct NewToken {
  std::string key;   // given to the client once
  std::string hash;  // stored
};

NewToken make_token();
std::string hash_token(std::string_view key);
// The key from "Token <key>" or "Bearer <key>", or nullopt for another scheme.
std::optional<std::string> key_from_authorization(std::string_view header);

}  // namespace auth
