// Small text helpers shared by the HTTP and validation layers.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace util {

std::string ascii_lower(std::string_view s);
std::string_view trim(std::string_view s);
// Percent-decoding; `plus_as_space` for query strings. nullopt on a bad escape.
std::optional<std::string> url_decode(std::string_view s, bool plus_as_space);
std::string url_encode(std::string_view s);
// A positive 64-bit integer written in plain decimal digits, else nullopt.
std::optional<std::int64_t> parse_positive_id(std::string_view s);
// Whether `s` is well-formed UTF-8 (no overlongs, no surrogates).
bool valid_utf8(std::string_view s);
// Number of Unicode code points in valid UTF-8 `s`.
std::size_t utf8_length(std::string_view s);

}  // namespace util
