// The headers of the tus 1.0.0 resumable-upload protocol, parsed strictly: offsets and
// lengths, Upload-Metadata, Upload-Checksum. Each parser is linear in its input and
// refuses what the protocol does not allow, saying why.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "domain/error.hpp"

namespace web::tus {

inline constexpr const char* kVersion = "1.0.0";
inline constexpr const char* kExtensions =
    "creation,creation-defer-length,termination,expiration,checksum";
inline constexpr const char* kChecksumAlgorithms = "sha1";

// A non-negative decimal integer of at most 18 digits, nothing else (no sign, no space).
domain::Result<std::uint64_t> parse_size(std::string_view header, std::string_view value);

// Upload-Metadata: comma-separated "key" or "key base64(value)" pairs; keys are 1-64
// printable ASCII characters without space or comma, each once; at most 32 pairs.
using Metadata = std::vector<std::pair<std::string, std::string>>;
domain::Result<Metadata> parse_metadata(std::string_view value);

// Upload-Checksum: "algorithm base64(digest)". Only sha1 is spoken: another algorithm is
// a 400, a digest that is not 20 bytes too.
domain::Result<std::string> parse_sha1_checksum(std::string_view value);

}  // namespace web::tus
