#include "util/clock.hpp"

#include <ctime>

namespace util {

std::string format_rfc3339(std::chrono::system_clock::time_point t) {
  const std::time_t tt = std::chrono::system_clock::to_time_t(t);
  std::tm tm{};
  gmtime_r(&tt, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string now_rfc3339() { return format_rfc3339(std::chrono::system_clock::now()); }

std::string rfc3339_in(std::chrono::seconds seconds) {
  return format_rfc3339(std::chrono::system_clock::now() + seconds);
}

}  // namespace util
