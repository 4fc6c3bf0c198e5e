#include "http/content_disposition.hpp"

#include <cstdint>

namespace web {

namespace {

constexpr char kHex[] = "0123456789ABCDEF";

// attr-char = ALPHA / DIGIT / "!" / "#" / "$" / "&" / "+" / "-" / "." / "^" / "_" / "`" / "|"
//           / "~"
bool attr_char(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '&':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
      return true;
    default:
      return false;
  }
}

// The length of the well-formed UTF-8 sequence at the start of `s` (no overlongs, no
// surrogates, at most U+10FFFF), or 0 when it is not one.
std::size_t utf8_sequence(std::string_view s) {
  const auto b = [&](std::size_t i) { return static_cast<unsigned char>(s[i]); };
  const unsigned char c = b(0);
  std::size_t n = 0;
  std::uint32_t min = 0;
  std::uint32_t cp = 0;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
    min = 0x80;
    cp = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    min = 0x800;
    cp = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    min = 0x10000;
    cp = c & 0x07;
  } else {
    return 0;
  }
  if (s.size() < n) return 0;
  for (std::size_t i = 1; i < n; ++i) {
    if ((b(i) & 0xC0) != 0x80) return 0;
    cp = (cp << 6) | (b(i) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return 0;
  return n;
}

}  // namespace

std::string attachment_disposition(std::string_view filename) {
  if (filename.empty()) filename = "download";
  std::string fallback;
  std::string encoded;
  while (!filename.empty()) {
    const std::size_t n = utf8_sequence(filename);
    if (n == 0) {
      // Not UTF-8: one replacement character for the byte.
      fallback.push_back('_');
      encoded.append("%EF%BF%BD");
      filename.remove_prefix(1);
      continue;
    }
    const auto c = static_cast<unsigned char>(filename.front());
    if (n > 1 || c < 0x20 || c == 0x7f || c == '%') {
      fallback.push_back('_');
    } else if (c == '"' || c == '\\') {
      fallback.push_back('\\');
      fallback.push_back(static_cast<char>(c));
    } else {
      fallback.push_back(static_cast<char>(c));
    }
    for (std::size_t i = 0; i < n; ++i) {
      const auto byte = static_cast<unsigned char>(filename[i]);
      if (attr_char(byte)) {
        encoded.push_back(static_cast<char>(byte));
      } else {
        encoded.push_back('%');
        encoded.push_back(kHex[byte >> 4]);
        encoded.push_back(kHex[byte & 0x0F]);
      }
    }
    filename.remove_prefix(n);
  }
  return "attachment; filename=\"" + fallback + "\"; filename*=UTF-8''" + encoded;
}

}  // namespace web
