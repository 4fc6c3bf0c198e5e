// Fuzzes the Range header parser (src/http/range.hpp) against objects of several sizes.
// Input: the header value. Whatever it says, a range served is inside the object.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "http/range.hpp"

namespace {

void check(std::string_view header, std::uint64_t size) {
  auto r = web::parse_range(header, size);
  if (!r) return;               // 416
  if (!r->has_value()) return;  // the whole object
  const web::ByteRange range = **r;
  // Non-empty, starts inside, ends inside, and offset + length does not wrap.
  if (range.length == 0 || range.offset >= size || range.length > size - range.offset) {
    std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view header(reinterpret_cast<const char*>(data), size);
  // Empty, tiny, typical clip sizes, and the ends of the 64-bit range.
  for (std::uint64_t object_size :
       {std::uint64_t{0}, std::uint64_t{1}, std::uint64_t{2}, std::uint64_t{1000},
        std::uint64_t{1048576}, std::uint64_t{5} * 1024 * 1024 * 1024, UINT64_MAX - 1,
        UINT64_MAX}) {
    check(header, object_size);
  }
  return 0;
}
