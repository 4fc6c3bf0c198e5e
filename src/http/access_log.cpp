#include "http/access_log.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cstdio>
#include <iterator>
#include <string_view>

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

namespace {

// `s` as the inside of a JSON string. The access line's strings are ids, methods,
// route patterns and addresses, which rarely need escaping; they are checked anyway.
void append_escaped(std::string& out, std::string_view s) {
  for (char c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(c);
    } else if (u < 0x20) {
      fmt::format_to(std::back_inserter(out), "\\u{:04x}", u);
    } else {
      out.push_back(c);
    }
  }
}

void append_string_field(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":\"";
  append_escaped(out, value);
  out += '"';
}

}  // namespace

void Logger::access(const AccessEntry& e) {
  // Written with fmt straight into one string: this runs for every request.
  std::string line;
  line.reserve(256);
  if (format_ == LogFormat::kJson) {
    line += "{\"time\":\"";
    line += util::now_rfc3339();
    line += "\",\"level\":\"info\"";
    append_string_field(line, "request_id", e.request_id);
    append_string_field(line, "method", e.method);
    append_string_field(line, "route", e.route);
    fmt::format_to(std::back_inserter(line), ",\"status\":{},\"duration_ms\":{}", e.status,
                   e.duration_ms);
    if (e.user_id) {
      fmt::format_to(std::back_inserter(line), ",\"user_id\":{}", *e.user_id);
    } else {
      line += ",\"user_id\":null";
    }
    append_string_field(line, "remote", e.remote);
    line += "}\n";
  } else {
    fmt::format_to(std::back_inserter(line), "{} {} {} {} {:.2f}ms user={} id={}\n",
                   util::now_rfc3339(), e.method, e.route, e.status, e.duration_ms,
                   e.user_id ? std::to_string(*e.user_id) : "-", e.request_id);
  }
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
