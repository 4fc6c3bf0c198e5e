#include "http/range.hpp"

#include <algorithm>
#include <charconv>

#include "util/text.hpp"

namespace web {

domain::Result<std::optional<ByteRange>> parse_range(std::string_view header, std::uint64_t size) {
  std::string_view h = util::trim(header);
  if (h.rfind("bytes=", 0) != 0 || h.find(',') != std::string_view::npos) {
    return std::optional<ByteRange>{};  // another unit or several ranges: the whole file
  }
  h.remove_prefix(6);
  const auto dash = h.find('-');
  if (dash == std::string_view::npos) return std::optional<ByteRange>{};
  auto number = [](std::string_view s) -> std::optional<std::uint64_t> {
    s = util::trim(s);
    std::uint64_t v = 0;
    if (s.empty()) return std::nullopt;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) return std::nullopt;
    return v;
  };
  auto first = number(h.substr(0, dash));
  auto last = number(h.substr(dash + 1));
  const domain::Error unsatisfiable = domain::Error::range_not_satisfiable(size);
  if (!first && !last) return std::optional<ByteRange>{};
  if (!first) {  // the last N bytes
    if (*last == 0 || size == 0) return unsatisfiable;
    const std::uint64_t n = std::min(*last, size);
    return std::optional<ByteRange>{ByteRange{size - n, n}};
  }
  if (*first >= size) return unsatisfiable;
  std::uint64_t end = last ? std::min(*last, size - 1) : size - 1;
  if (last && *last < *first) return std::optional<ByteRange>{};  // invalid: ignored (RFC 9110)
  return std::optional<ByteRange>{ByteRange{*first, end - *first + 1}};
}

}  // namespace web
