// One line per request, JSON or text, to stderr. Only the route pattern is
// logged, never the raw target, so ids, tokens and signatures stay out.
//
// Lines are gathered in memory and written by a background thread: access lines
// in batches (every 50 ms, or as soon as 64 KiB wait), messages at once, and what
// is left at destruction. A request never waits for the disk.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

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
  explicit Logger(LogFormat format, std::FILE* out = stderr);
  ~Logger();
  Logger(const Logger&) = delete;
  Logger& operator=(const Logger&) = delete;

  void access(const AccessEntry& e);
  // Operational messages (start, stop, failures): level is "info", "warn" or "error".
  void message(const char* level, const std::string& text, const std::string& request_id = {});

 private:
  void append(const std::string& line, bool urgent);
  void run();

  LogFormat format_;
  std::FILE* out_;
  std::mutex mu_;
  std::condition_variable wake_;
  std::string pending_;
  bool urgent_ = false;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace web
