#include "http/media_type.hpp"

namespace web {

namespace {

// tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." / "^" / "_" / "`" / "|"
//       / "~" / DIGIT / ALPHA
bool tchar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
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

bool ows(char c) {
  return c == ' ' || c == '\t';
}

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}

// Reads a token at `pos`, lowercased when asked; empty when there is none.
std::string token(std::string_view s, std::size_t& pos, bool to_lower) {
  std::string out;
  for (; pos < s.size() && tchar(s[pos]); ++pos) out.push_back(to_lower ? lower(s[pos]) : s[pos]);
  return out;
}

void skip_ows(std::string_view s, std::size_t& pos) {
  while (pos < s.size() && ows(s[pos])) ++pos;
}

// Reads a quoted-string at `pos` (which is '"') and returns it as written, quotes
// included; nullopt when it is not closed or holds a byte outside qdtext / quoted-pair.
// obs-text (bytes 0x80-0xFF) is refused as well: nothing we write back needs it.
std::optional<std::string> quoted_string(std::string_view s, std::size_t& pos) {
  std::string out = "\"";
  ++pos;
  while (pos < s.size()) {
    const char c = s[pos];
    if (c == '"') {
      ++pos;
      return out + "\"";
    }
    if (c == '\\') {
      if (pos + 1 >= s.size()) return std::nullopt;
      const char next = s[pos + 1];
      if (!(next == '\t' || (next >= 0x20 && next <= 0x7e))) return std::nullopt;
      out.push_back(c);
      out.push_back(next);
      pos += 2;
      continue;
    }
    if (!(c == '\t' || (c >= 0x20 && c <= 0x7e))) return std::nullopt;
    out.push_back(c);
    ++pos;
  }
  return std::nullopt;
}

}  // namespace

std::optional<MediaType> parse_media_type(std::string_view value) {
  while (!value.empty() && ows(value.front())) value.remove_prefix(1);
  while (!value.empty() && ows(value.back())) value.remove_suffix(1);
  if (value.empty() || value.size() > kMaxMediaTypeBytes) return std::nullopt;
  MediaType t;
  std::size_t pos = 0;
  t.type = token(value, pos, true);
  if (t.type.empty() || pos >= value.size() || value[pos] != '/') return std::nullopt;
  ++pos;
  t.subtype = token(value, pos, true);
  if (t.subtype.empty()) return std::nullopt;
  t.text = t.type + "/" + t.subtype;
  while (true) {
    skip_ows(value, pos);
    // Normalising may add a space per parameter: the result must fit as well, so that
    // it is itself a valid media type.
    if (t.text.size() > kMaxMediaTypeBytes) return std::nullopt;
    if (pos == value.size()) return t;
    if (value[pos] != ';') return std::nullopt;
    ++pos;
    skip_ows(value, pos);
    // RFC 9110 allows an empty parameter ("text/plain;"); it adds nothing.
    if (pos == value.size() || value[pos] == ';') continue;
    const std::string name = token(value, pos, true);
    if (name.empty() || pos >= value.size() || value[pos] != '=') return std::nullopt;
    ++pos;
    std::string param_value;
    if (pos < value.size() && value[pos] == '"') {
      auto quoted = quoted_string(value, pos);
      if (!quoted) return std::nullopt;
      param_value = std::move(*quoted);
    } else {
      param_value = token(value, pos, false);
      if (param_value.empty()) return std::nullopt;
    }
    t.text.append("; ").append(name).append("=").append(param_value);
  }
}

bool is_audio_or_video(const MediaType& t) {
  return t.type == "video" || t.type == "audio";
}

std::optional<MediaType> audio_or_video(std::string_view value) {
  auto parsed = parse_media_type(value);
  if (!parsed || !is_audio_or_video(*parsed)) return std::nullopt;
  return parsed;
}

std::string media_type_or(std::string_view value, std::string_view fallback) {
  auto parsed = parse_media_type(value);
  return parsed ? parsed->text : std::string(fallback);
}

}  // namespace web
