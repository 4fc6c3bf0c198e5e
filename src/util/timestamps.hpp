// Reading RFC 3339 timestamps that clients send, and instants in Unix milliseconds (the
// candidate API's limits are enforced to the millisecond, shown to the second).
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace util {

// "2026-11-28T15:04:05Z", with optional fractional seconds and a "Z" or "+hh:mm" /
// "-hh:mm" offset ("T" and "Z" in either case), as an instant; nullopt for anything
// else, including a date or time of day that does not exist. Milliseconds: any year
// 0000-9999 fits (system_clock's nanoseconds end in 2262).
using Instant = std::chrono::sys_time<std::chrono::milliseconds>;
std::optional<Instant> parse_rfc3339(std::string_view text);
// Milliseconds since the Unix epoch.
std::int64_t unix_now_ms();
// The instant `ms` in the API's format (seconds, UTC).
std::string rfc3339_of_ms(std::int64_t ms);

}  // namespace util
