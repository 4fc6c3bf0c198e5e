#include "http/tus_headers.hpp"

#include <algorithm>

#include "util/crypto.hpp"

namespace web::tus {

namespace {

constexpr std::size_t kMaxPairs = 32;
constexpr std::size_t kMaxKey = 64;

bool key_char(char c) {
  return c > 0x20 && c < 0x7f && c != ',';
}

std::string_view trim_spaces(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

domain::Error bad(std::string_view header, const std::string& why) {
  return domain::Error::bad_request("Invalid " + std::string(header) + " header: " + why);
}

}  // namespace

domain::Result<std::uint64_t> parse_size(std::string_view header, std::string_view value) {
  if (value.empty() || value.size() > 18) return bad(header, "expected a non-negative integer.");
  std::uint64_t n = 0;
  for (char c : value) {
    if (c < '0' || c > '9') return bad(header, "expected a non-negative integer.");
    n = n * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return n;
}

domain::Result<Metadata> parse_metadata(std::string_view value) {
  constexpr std::string_view kHeader = "Upload-Metadata";
  Metadata out;
  if (trim_spaces(value).empty()) return out;
  std::size_t start = 0;
  while (start <= value.size()) {
    const std::size_t comma = std::min(value.find(',', start), value.size());
    const std::string_view pair = trim_spaces(value.substr(start, comma - start));
    start = comma + 1;
    if (pair.empty()) return bad(kHeader, "an empty pair.");
    if (out.size() == kMaxPairs) return bad(kHeader, "more than 32 pairs.");
    const std::size_t space = pair.find(' ');
    const std::string_view key = pair.substr(0, space);
    if (key.size() > kMaxKey || !std::all_of(key.begin(), key.end(), key_char)) {
      return bad(kHeader, "a key must be 1 to 64 printable characters without space or comma.");
    }
    std::string decoded;
    if (space != std::string_view::npos) {
      auto v = util::base64_decode(pair.substr(space + 1));
      if (!v) return bad(kHeader, "the value of \"" + std::string(key) + "\" is not base64.");
      decoded = std::move(*v);
    }
    for (const auto& [k, _] : out) {
      if (k == key) return bad(kHeader, "the key \"" + std::string(key) + "\" appears twice.");
    }
    out.emplace_back(std::string(key), std::move(decoded));
    if (comma == value.size()) break;
  }
  return out;
}

domain::Result<std::string> parse_sha1_checksum(std::string_view value) {
  constexpr std::string_view kHeader = "Upload-Checksum";
  const std::size_t space = value.find(' ');
  if (space == std::string_view::npos) return bad(kHeader, "expected \"sha1 <base64 digest>\".");
  if (value.substr(0, space) != "sha1") {
    return bad(kHeader, "the only algorithm supported is sha1.");
  }
  auto digest = util::base64_decode(value.substr(space + 1));
  if (!digest || digest->size() != 20) return bad(kHeader, "a sha1 digest is 20 bytes in base64.");
  return std::move(*digest);
}

}  // namespace web::tus
