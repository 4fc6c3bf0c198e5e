// Request counters and latency histograms in Prometheus text format. Counts are
// per process (each node exposes its own, as Prometheus expects).
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <utility>

namespace web {

class Metrics {
 public:
  static constexpr std::array<double, 12> kBuckets = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                      0.05,   0.1,   0.25,   0.5,   1.0,  5.0};

  void observe(const std::string& route, unsigned status, double seconds);
  // A connection closed at accept because --max-connections were open.
  void connection_refused() { refused_connections_.fetch_add(1, std::memory_order_relaxed); }
  // The exposition text; `extra` appends gauges owned elsewhere (e.g. the job queue).
  std::string render(const std::function<void(std::string&)>& extra = {}) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kBuckets.size()> buckets{};
    std::uint64_t count = 0;
    double sum = 0;
  };
  mutable std::mutex mu_;
  std::map<std::pair<std::string, unsigned>, std::uint64_t> requests_;
  std::map<std::string, Histogram> latency_;
  std::atomic<std::uint64_t> refused_connections_{0};
};

}  // namespace web
