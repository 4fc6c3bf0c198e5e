#include "auth/token.hpp"

#include "util/crypto.hpp"
#include "util/text.hpp"

namespace auth {

NewToken make_token() {
  NewToken t;
  t.key = util::random_hex(32);
  t.hash = hash_token(t.key);
  return t;
}

std::string hash_token(std::string_view key) { return util::sha256_hex(key); }

std::optional<std::string> key_from_authorization(std::string_view header) {
  header = util::trim(header);
  auto space = header.find(' ');
  if (space == std::string_view::npos) return std::nullopt;
  const std::string scheme = util::ascii_lower(header.substr(0, space));
  if (scheme != "token" && scheme != "bearer") return std::nullopt;
  std::string_view key = util::trim(header.substr(space + 1));
  if (key.empty() || key.find(' ') != std::string_view::npos) return std::nullopt;
  return std::string(key);
}

}  // namespace auth
