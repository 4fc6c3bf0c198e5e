// Fuzzes the headers of resumable uploads (src/http/tus_headers.hpp) and the base64 they
// carry (util::base64_decode): Upload-Metadata, Upload-Checksum, Upload-Offset/Length.
// Input: one header value. What parses must come back the same when written again.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/tus_headers.hpp"
#include "util/crypto.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view value(reinterpret_cast<const char*>(data), size);

  if (auto m = web::tus::parse_metadata(value)) {
    if (m->size() > 32) std::abort();
    std::string written;
    for (const auto& [k, v] : *m) {
      if (k.empty() || k.size() > 64) std::abort();
      if (!written.empty()) written += ',';
      written += k;
      if (!v.empty()) written += ' ' + util::base64_encode(v);
    }
    auto again = web::tus::parse_metadata(written);
    if (!again || *again != *m) std::abort();
  }
  if (auto decoded = util::base64_decode(value)) {
    // Canonical input only: encoding gives the input back, padded.
    const std::string encoded = util::base64_encode(*decoded);
    if (encoded.substr(0, value.size()) != value) std::abort();
  }
  if (auto digest = web::tus::parse_sha1_checksum(value)) {
    if (digest->size() != 20) std::abort();
  }
  if (auto n = web::tus::parse_size("Upload-Offset", value)) {
    if (std::to_string(*n).size() > value.size()) std::abort();
  }
  return 0;
}
