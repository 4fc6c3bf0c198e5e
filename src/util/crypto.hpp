// Randomness and hashing from OpenSSL.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace util {

// `bytes` random bytes from the OS CSPRNG, hex-encoded.
std::string random_hex(std::size_t bytes);
// SHA-256 of `data`, hex-encoded (lowercase).
std::string sha256_hex(std::string_view data);
// HMAC-SHA256 of `data` under `key`: 32 raw bytes.
std::string hmac_sha256(std::string_view key, std::string_view data);
// AES-256-GCM under a 32-byte `key` with a random 96-bit nonce: the nonce, the
// ciphertext and the 16-byte tag, in one string.
std::string seal(std::string_view key, std::string_view plaintext);
// The plaintext of what `seal` made under `key`; nullopt for anything else (another
// key, a changed or cut byte).
std::optional<std::string> unseal(std::string_view key, std::string_view sealed);
std::string hex_encode(std::string_view bytes);
// Standard base64 (RFC 4648, section 4), "=" padding optional; nullopt for any other
// character, a misplaced "=", or leftover bits that are not zero.
std::optional<std::string> base64_decode(std::string_view text);
std::string base64_encode(std::string_view bytes);
// The SHA-1 of the file at `path` (20 raw bytes), read in pieces; nullopt when it
// cannot be read.
std::optional<std::string> sha1_of_file(const std::string& path);
// The same with SHA-256 (32 raw bytes).
std::optional<std::string> sha256_of_file(const std::string& path);

}  // namespace util
