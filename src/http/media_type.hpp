// Media types (Content-Type values) as RFC 9110 §8.3.1 defines them:
//   type "/" subtype *( OWS ";" OWS parameter ),  parameter = token "=" ( token / quoted-string )
// Every media type that comes in and may be written back into a response header
// (a multipart part's Content-Type, a presigned upload's content_type, a PUT body's
// Content-Type) goes through parse_media_type, so that no CR, LF, NUL or other
// control character can ever reach a header we send.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace web {

// Longer media types are refused; real ones are far shorter.
inline constexpr std::size_t kMaxMediaTypeBytes = 255;

struct MediaType {
  std::string type;     // lowercase, e.g. "video"
  std::string subtype;  // lowercase, e.g. "webm"
  // The whole value, normalised: type and subtype and parameter names lowercase, one
  // "; " before each parameter, values as given (a quoted-string kept quoted), e.g.
  // `video/webm; codecs="vp8, opus"`.
  std::string text;
};

// nullopt unless `value` (surrounding spaces and tabs aside) is a media type of at most
// kMaxMediaTypeBytes bytes, normalised or not: tokens of tchar, quoted-strings of visible
// ASCII, spaces and tabs (with quoted-pairs), nothing else. The text of a result parses
// to itself.
std::optional<MediaType> parse_media_type(std::string_view value);

// Whether `t` is video/* or audio/*: what an answer's media may be.
bool is_audio_or_video(const MediaType& t);
// `value` parsed, when it is a valid video/* or audio/* media type; else nullopt.
std::optional<MediaType> audio_or_video(std::string_view value);

// The normalised text of `value` when it is a valid media type, else `fallback`: for
// writing a stored type back into a header.
std::string media_type_or(std::string_view value, std::string_view fallback);

}  // namespace web
