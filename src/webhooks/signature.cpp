#include "webhooks/signature.hpp"

#include <openssl/rand.h>

#include <stdexcept>

#include "util/crypto.hpp"

namespace webhooks {

namespace {

constexpr std::size_t kMinKeyBytes = 24;
constexpr std::size_t kMaxKeyBytes = 64;

}  // namespace

std::string new_secret() {
  std::string raw(kSecretBytes, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(raw.data()), static_cast<int>(raw.size())) != 1) {
    throw std::runtime_error("RAND_bytes failed");
  }
  return std::string(kSecretPrefix) + util::base64_encode(raw);
}

domain::Result<std::string> secret_key(std::string_view secret) {
  if (!secret.starts_with(kSecretPrefix)) {
    return domain::Error::invalid("secret", "A webhook secret starts with \"whsec_\".");
  }
  auto key = util::base64_decode(secret.substr(kSecretPrefix.size()));
  if (!key || key->size() < kMinKeyBytes || key->size() > kMaxKeyBytes) {
    return domain::Error::invalid("secret",
                                  "A webhook secret is base64 of 24 to 64 bytes after \"whsec_\".");
  }
  return std::move(*key);
}

std::string sign(std::string_view key, std::string_view msg_id, std::int64_t timestamp,
                 std::string_view body) {
  std::string content;
  content.reserve(msg_id.size() + body.size() + 24);
  content.append(msg_id).append(".").append(std::to_string(timestamp)).append(".").append(body);
  return "v1," + util::base64_encode(util::hmac_sha256(key, content));
}

domain::Result<std::string> signature_header(std::string_view msg_id, std::int64_t timestamp,
                                             std::string_view body, std::string_view secret,
                                             std::string_view previous_secret) {
  auto key = secret_key(secret);
  if (!key) return key.take_error();
  std::string header = sign(*key, msg_id, timestamp, body);
  if (previous_secret.empty()) return header;
  auto previous = secret_key(previous_secret);
  if (!previous) return previous.take_error();
  header.append(" ").append(sign(*previous, msg_id, timestamp, body));
  return header;
}

}  // namespace webhooks
