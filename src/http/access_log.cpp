#include "http/access_log.hpp"

#include <fmt/format.h>

#include <cstdio>

#include "json/writer.hpp"
#include "util/clock.hpp"

namespace web {

void Logger::write(const std::string& line) {
  std::lock_guard lock(mu_);
  std::fwrite(line.data(), 1, line.size(), stderr);
  std::fflush(stderr);
}

void Logger::access(const AccessEntry& e) {
  std::string line;
  if (format_ == LogFormat::kJson) {
    line = json::build([&](json::Writer& w) {
      w.StartObject();
      json::field(w, "time", util::now_rfc3339());
      json::field(w, "level", "info");
      json::field(w, "request_id", e.request_id);
      json::field(w, "method", e.method);
      json::field(w, "route", e.route);
      json::field(w, "status", static_cast<std::int64_t>(e.status));
      json::key(w, "duration_ms");
      w.Double(e.duration_ms);
      json::field(w, "user_id", e.user_id);
      json::field(w, "remote", e.remote);
      w.EndObject();
    });
  } else {
    line = fmt::format("{} {} {} {} {:.2f}ms user={} id={}", util::now_rfc3339(), e.method,
                       e.route, e.status, e.duration_ms,
                       e.user_id ? std::to_string(*e.user_id) : "-", e.request_id);
  }
  line.push_back('\n');
  write(line);
}

void Logger::message(const char* level, const std::string& text, const std::string& request_id) {
  std::string line;
  if (format_ == LogFormat::kJson) {
    line = json::build([&](json::Writer& w) {
      w.StartObject();
      json::field(w, "time", util::now_rfc3339());
      json::field(w, "level", level);
      json::field(w, "message", text);
      if (!request_id.empty()) json::field(w, "request_id", request_id);
      w.EndObject();
    });
  } else {
    line = fmt::format("{} {} {}{}", util::now_rfc3339(), level, text,
                       request_id.empty() ? "" : " id=" + request_id);
  }
  line.push_back('\n');
  write(line);
}

}  // namespace web
