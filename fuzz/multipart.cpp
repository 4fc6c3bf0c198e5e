// Fuzzes the streaming multipart/form-data parser (src/http/multipart.hpp), fed in
// chunks as a socket would deliver them, with web::multipart_boundary and
// web::parse_part_headers on the way.
// Input: the Content-Type header value, "\n", one byte N (N % 8 chunk lengths follow,
// each byte b a chunk of b + 1 bytes, used in turn; none: the body in one piece),
// then the body.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "http/multipart.hpp"

namespace {

constexpr std::string_view kFallbackBoundary = "----WebKitFormBoundary7MA4YWxkTrZu0gW";
// What the parser may keep between two chunks: a part's header block (8 KiB) and
// the start of a delimiter ("\r\n--" + a boundary of at most 70).
constexpr std::size_t kWindow = 8 * 1024 + 4 + 2 + 70;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view in(reinterpret_cast<const char*>(data), size);
  const auto eol = in.find('\n');
  if (eol == std::string_view::npos) return 0;
  const std::string_view content_type = in.substr(0, eol);
  in.remove_prefix(eol + 1);
  if (in.empty()) return 0;
  const std::size_t n_lengths = static_cast<unsigned char>(in[0]) % 8;
  in.remove_prefix(1);
  if (in.size() < n_lengths) return 0;
  const std::string_view lengths = in.substr(0, n_lengths);
  const std::string_view body = in.substr(n_lengths);

  auto boundary = web::multipart_boundary(content_type);
  if (boundary && (boundary->empty() || boundary->size() > 70)) std::abort();
  // The header parser alone, on the start of the body.
  (void)web::parse_part_headers(body.substr(0, 8 * 1024));

  std::size_t data_bytes = 0, parts = 0, ends = 0;
  bool in_part = false;
  auto begin = [&](const web::PartHeaders& h) -> domain::Status {
    if (in_part) std::abort();  // a part begins only after the previous one ended
    in_part = true;
    ++parts;
    // As the upload receiver does: refuse some parts, which ends the parse.
    if (h.name == "refuse") return domain::Error::bad_request("refused");
    return domain::ok();
  };
  auto on_data = [&](std::string_view d) -> domain::Status {
    if (!in_part) std::abort();
    data_bytes += d.size();
    return domain::ok();
  };
  auto end = [&]() -> domain::Status {
    if (!in_part) std::abort();
    in_part = false;
    ++ends;
    return domain::ok();
  };
  web::MultipartParser parser(boundary ? *boundary : std::string(kFallbackBoundary),
                              {begin, on_data, end});

  std::string_view rest = body;
  std::size_t next = 0;
  domain::Status st = domain::ok();
  while (!rest.empty() && st) {
    std::size_t n = rest.size();
    if (!lengths.empty()) n = static_cast<unsigned char>(lengths[next++ % lengths.size()]) + 1;
    const std::string_view chunk = rest.substr(0, n);
    rest.remove_prefix(chunk.size());
    st = parser.feed(chunk);
    // Memory stays within a window whatever the input.
    if (st && parser.buffered() > kWindow) std::abort();
  }
  if (st) (void)parser.finish();
  // Linear: each body byte is handed on at most once, and parts need bytes.
  if (data_bytes > body.size()) std::abort();
  if (parts > body.size() / 4 + 1 || ends > parts) std::abort();
  return 0;
}
