// Wall-clock timestamps in the API's format: RFC 3339 UTC with seconds, e.g.
// 2026-11-28T15:04:05Z. The fixed width makes them sort as strings.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>

namespace util {

std::string format_rfc3339(std::chrono::system_clock::time_point t);
std::string now_rfc3339();
// Seconds since the Unix epoch.
std::int64_t unix_now();
// An RFC 3339 UTC timestamp of ours ("2026-11-28T15:04:05Z") as an HTTP date
// ("Sat, 28 Nov 2026 15:04:05 GMT", RFC 9110); empty when it is not one of ours.
std::string http_date(const std::string& rfc3339);
// Now plus `seconds`, formatted.
std::string rfc3339_in(std::chrono::seconds seconds);

}  // namespace util
