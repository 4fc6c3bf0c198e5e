// One line per request, JSON or text, to stderr. Only the route pattern is
// logged, never the raw target, so ids, tokens and signatures stay out.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

namespace web {

enum class LogFormat { kJson, kText };

struct AccessEntry {
  std::string request_id;
  std::string method;
  std::string route;
  unsigned status = 0;
  double duration_ms = 0;
  std::optional<std::int64_t> user_id;
  std::string remote;
};

class Logger {
 public:
  explicit Logger(LogFormat format) : format_(format) {}
  void access(const AccessEntry& e);
  // Operational messages (start, stop, failures): level is "info", "warn" or "error".
  void message(const char* level, const std::string& text, const std::string& request_id = {});

 private:
  void write(const std::string& line);
  LogFormat format_;
  std::mutex mu_;
};

}  // namespace web
