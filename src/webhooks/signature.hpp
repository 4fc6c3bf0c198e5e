// Webhook secrets and signatures as the Standard Webhooks specification has them: a
// secret is "whsec_" + base64 of random bytes; a signature is "v1," + base64 of
// HMAC-SHA256, keyed with the secret's bytes, of "{webhook-id}.{webhook-timestamp}.{body}".
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "domain/error.hpp"

namespace webhooks {

inline constexpr std::string_view kSecretPrefix = "whsec_";
// The bytes of a secret we make; the specification allows 24 to 64.
inline constexpr std::size_t kSecretBytes = 32;

// A new endpoint secret: "whsec_" + standard base64 of 32 random bytes.
std::string new_secret();

// The HMAC key of a secret: its part after "whsec_", base64-decoded (24 to 64 bytes).
// An invalid error on "secret" when it is not one.
domain::Result<std::string> secret_key(std::string_view secret);

// "v1," + base64(HMAC-SHA256(key, "{msg_id}.{timestamp}.{body}")); `key` as secret_key
// returns it.
std::string sign(std::string_view key, std::string_view msg_id, std::int64_t timestamp,
                 std::string_view body);

// The value of the webhook-signature header: the signature with `secret`, then, during
// a rotation, a space and the one with `previous_secret` ("" when there is none), so
// that a receiver that knows either accepts the message.
domain::Result<std::string> signature_header(std::string_view msg_id, std::int64_t timestamp,
                                             std::string_view body, std::string_view secret,
                                             std::string_view previous_secret = {});

}  // namespace webhooks
