#include "http/access_log.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>

#include "json/writer.hpp"
#include "util/clock.hpp"

namespace web {

namespace {
constexpr std::size_t kBatchBytes = 64 * 1024;
constexpr auto kBatchInterval = std::chrono::milliseconds(50);
}  // namespace

Logger::Logger(LogFormat format, std::FILE* out)
    : format_(format), out_(out), thread_([this] { run(); }) {}

Logger::~Logger() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

void Logger::append(const std::string& line, bool urgent) {
  bool wake = false;
  {
    std::lock_guard lock(mu_);
    pending_ += line;
    urgent_ = urgent_ || urgent;
    wake = urgent || pending_.size() >= kBatchBytes;
  }
  if (wake) wake_.notify_one();
}

void Logger::run() {
  std::string batch;
  std::unique_lock lock(mu_);
  for (;;) {
    wake_.wait_for(lock, kBatchInterval,
                   [&] { return stopping_ || urgent_ || pending_.size() >= kBatchBytes; });
    batch.swap(pending_);
    urgent_ = false;
    const bool last = stopping_;
    lock.unlock();
    if (!batch.empty()) {
      std::fwrite(batch.data(), 1, batch.size(), out_);
      std::fflush(out_);
      batch.clear();
    }
    if (last) return;
    lock.lock();
  }
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
    line = fmt::format("{} {} {} {} {:.2f}ms user={} id={}", util::now_rfc3339(), e.method, e.route,
                       e.status, e.duration_ms, e.user_id ? std::to_string(*e.user_id) : "-",
                       e.request_id);
  }
  line.push_back('\n');
  append(line, false);
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
  append(line, true);
}

}  // namespace web
