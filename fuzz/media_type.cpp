// Fuzzes the header values the service writes back from what clients sent:
// web::parse_media_type / web::media_type_or (src/http/media_type.hpp) and
// web::attachment_disposition (src/http/content_disposition.hpp).
// Input: a Content-Type value, also used as a file name.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/content_disposition.hpp"
#include "http/media_type.hpp"

namespace {

// What may go into a header we send: visible ASCII, spaces and tabs; no CR, LF, NUL.
bool header_safe(std::string_view v) {
  for (unsigned char c : v) {
    if ((c < 0x20 && c != '\t') || c >= 0x7f) return false;
  }
  return true;
}

bool lowercase(std::string_view v) {
  for (char c : v) {
    if (c >= 'A' && c <= 'Z') return false;
  }
  return true;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);

  if (auto t = web::parse_media_type(value)) {
    if (t->type.empty() || t->subtype.empty() || !lowercase(t->type) || !lowercase(t->subtype)) {
      std::abort();
    }
    if (!header_safe(t->text)) std::abort();
    // The normalised text is itself valid and normalises to itself.
    auto again = web::parse_media_type(t->text);
    if (!again || again->text != t->text || again->type != t->type ||
        again->subtype != t->subtype) {
      std::abort();
    }
    (void)web::is_audio_or_video(*t);
  }
  const std::string written = web::media_type_or(value, "application/octet-stream");
  if (!header_safe(written) || written.empty()) std::abort();

  const std::string disposition = web::attachment_disposition(value);
  if (!header_safe(disposition) || disposition.rfind("attachment; filename=\"", 0) != 0) {
    std::abort();
  }
  return 0;
}
