#include "util/timestamps.hpp"

#include "util/clock.hpp"

namespace util {

namespace {

// `count` decimal digits at `text[at]`, or nullopt.
std::optional<int> digits(std::string_view text, std::size_t at, std::size_t count) {
  if (text.size() < at + count) return std::nullopt;
  int v = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

bool is_char(std::string_view text, std::size_t at, char lower_or_symbol) {
  if (at >= text.size()) return false;
  const char c = text[at];
  return c == lower_or_symbol || (lower_or_symbol >= 'a' && c == lower_or_symbol - 'a' + 'A');
}

// The offset from UTC at `text[at]` to the end ("Z", "+hh:mm", "-hh:mm"), or nullopt.
std::optional<std::chrono::minutes> offset(std::string_view text, std::size_t at) {
  if (is_char(text, at, 'z')) {
    if (at + 1 != text.size()) return std::nullopt;
    return std::chrono::minutes(0);
  }
  if (at >= text.size() || (text[at] != '+' && text[at] != '-')) return std::nullopt;
  auto h = digits(text, at + 1, 2);
  auto m = digits(text, at + 4, 2);
  if (!h || !m || !is_char(text, at + 3, ':') || at + 6 != text.size() || *h > 23 || *m > 59) {
    return std::nullopt;
  }
  const std::chrono::minutes off(*h * 60 + *m);
  return text[at] == '-' ? -off : off;
}

}  // namespace

std::optional<Instant> parse_rfc3339(std::string_view text) {
  using namespace std::chrono;
  auto year = digits(text, 0, 4), month = digits(text, 5, 2), day = digits(text, 8, 2);
  auto hour = digits(text, 11, 2), minute = digits(text, 14, 2), second = digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second || !is_char(text, 4, '-') ||
      !is_char(text, 7, '-') || !is_char(text, 10, 't') || !is_char(text, 13, ':') ||
      !is_char(text, 16, ':') || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  const year_month_day date{std::chrono::year(*year), std::chrono::month(unsigned(*month)),
                            std::chrono::day(unsigned(*day))};
  if (!date.ok()) return std::nullopt;
  std::size_t at = 19;
  milliseconds fraction{0};
  if (is_char(text, at, '.')) {
    std::int64_t scale = 100;  // digits past the third are cut
    ++at;
    const std::size_t first = at;
    for (; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at) {
      fraction += milliseconds((text[at] - '0') * scale);
      scale /= 10;
    }
    if (at == first) return std::nullopt;
  }
  auto off = offset(text, at);
  if (!off) return std::nullopt;
  return Instant(sys_days(date)) + hours(*hour) + minutes(*minute) + seconds(*second) + fraction -
         *off;
}

std::int64_t unix_now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string rfc3339_of_ms(std::int64_t ms) {
  return format_rfc3339(std::chrono::system_clock::time_point(std::chrono::milliseconds(ms)));
}

}  // namespace util
