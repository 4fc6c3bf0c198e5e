// Randomness and hashing from OpenSSL.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace util {

// `bytes` random bytes from the OS CSPRNG, hex-encoded.
std::string random_hex(std::size_t bytes);
// SHA-256 of `data`, hex-encoded (lowercase).
std::string sha256_hex(std::string_view data);
std::string hex_encode(std::string_view bytes);

}  // namespace util
