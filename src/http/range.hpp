// The Range request header (RFC 9110, section 14): one "bytes=a-b" range of an
// object of known size. Several ranges or another unit are served whole.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "domain/error.hpp"

namespace web {

struct ByteRange {
  std::uint64_t offset = 0;
  std::uint64_t length = 0;
};

// nullopt: serve the whole object; an error: not satisfiable (416, naming `size`).
domain::Result<std::optional<ByteRange>> parse_range(std::string_view header, std::uint64_t size);

}  // namespace web
