// JSON output: a rapidjson Writer writing straight into the response string.
#pragma once

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace json {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

inline void key(Writer& w, std::string_view k) {
  w.Key(k.data(), static_cast<rapidjson::SizeType>(k.size()));
}
inline void string(Writer& w, std::string_view v) {
  w.String(v.data(), static_cast<rapidjson::SizeType>(v.size()));
}
inline void field(Writer& w, std::string_view k, std::string_view v) {
  key(w, k);
  string(w, v);
}
inline void field(Writer& w, std::string_view k, const char* v) { field(w, k, std::string_view(v)); }
inline void field(Writer& w, std::string_view k, const std::string& v) {
  field(w, k, std::string_view(v));
}
inline void field(Writer& w, std::string_view k, std::int64_t v) {
  key(w, k);
  w.Int64(v);
}
inline void field(Writer& w, std::string_view k, int v) {
  key(w, k);
  w.Int(v);
}
inline void field(Writer& w, std::string_view k, bool v) {
  key(w, k);
  w.Bool(v);
}
inline void field(Writer& w, std::string_view k, const std::optional<std::int64_t>& v) {
  key(w, k);
  if (v) {
    w.Int64(*v);
  } else {
    w.Null();
  }
}
inline void field(Writer& w, std::string_view k, const std::optional<std::string>& v) {
  key(w, k);
  if (v) {
    string(w, *v);
  } else {
    w.Null();
  }
}
// Writes already-serialized JSON (e.g. a stored JSON column) as the value of `k`.
inline void raw_field(Writer& w, std::string_view k, std::string_view json_text) {
  key(w, k);
  w.RawValue(json_text.data(), json_text.size(), rapidjson::kObjectType);
}

// Builds a document with `fill(writer)` and returns the text.
template <class Fill>
std::string build(Fill&& fill) {
  rapidjson::StringBuffer buf;
  Writer w(buf);
  fill(w);
  return std::string(buf.GetString(), buf.GetSize());
}

}  // namespace json
