#include "http/metrics.hpp"

#include <fmt/format.h>

namespace web {

namespace {
std::string label_escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}
}  // namespace

void Metrics::observe(const std::string& route, unsigned status, double seconds) {
  std::lock_guard lock(mu_);
  ++requests_[{route, status}];
  Histogram& h = latency_[route];
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++h.buckets[i];
  }
  ++h.count;
  h.sum += seconds;
}

std::string Metrics::render(const std::function<void(std::string&)>& extra) const {
  std::string out;
  {
    std::lock_guard lock(mu_);
    out += "# HELP http_requests_total HTTP requests answered, by route pattern and status.\n";
    out += "# TYPE http_requests_total counter\n";
    for (const auto& [key, count] : requests_) {
      out += fmt::format("http_requests_total{{route=\"{}\",status=\"{}\"}} {}\n",
                         label_escape(key.first), key.second, count);
    }
    out += "# HELP http_request_duration_seconds Time from a full request to its response.\n";
    out += "# TYPE http_request_duration_seconds histogram\n";
    for (const auto& [route, h] : latency_) {
      const std::string r = label_escape(route);
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out += fmt::format("http_request_duration_seconds_bucket{{route=\"{}\",le=\"{}\"}} {}\n", r,
                           kBuckets[i], h.buckets[i]);
      }
      out += fmt::format("http_request_duration_seconds_bucket{{route=\"{}\",le=\"+Inf\"}} {}\n", r,
                         h.count);
      out += fmt::format("http_request_duration_seconds_sum{{route=\"{}\"}} {}\n", r, h.sum);
      out += fmt::format("http_request_duration_seconds_count{{route=\"{}\"}} {}\n", r, h.count);
    }
  }
  out += "# HELP http_connections_refused_total Connections closed at accept: too many open.\n";
  out += "# TYPE http_connections_refused_total counter\n";
  out += fmt::format("http_connections_refused_total {}\n",
                     refused_connections_.load(std::memory_order_relaxed));
  if (extra) extra(out);
  return out;
}

}  // namespace web
