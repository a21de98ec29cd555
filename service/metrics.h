// The service's metrics in Prometheus' text exposition format (version
// 0.0.4): request counts and latency histograms per endpoint and status,
// requests in flight, what the searcher holds, and the process's CPU,
// memory and descriptors. Names follow Prometheus' conventions: base units
// (seconds, bytes), `_total` for counters.
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <utility>

#include "newsidx/searcher.h"

namespace newsidx::service {

// The latency histogram's upper bounds, in seconds.
constexpr std::array<double, 14> kLatencyBuckets = {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01,
                                                    0.025,  0.05,    0.1,    0.25,  0.5,    1,     2.5};

class ServiceMetrics {
 public:
  // In flight from begin() to the matching end().
  void begin() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
  void end(const std::string& endpoint, int status, double seconds);
  // A request answered before it reached an endpoint (malformed, too large, too slow).
  void refused(int status);

  // The whole exposition. `status` is null until the index is open.
  std::string render(const SearcherStatus* status, bool ready) const;

 private:
  struct Histogram {
    std::array<std::uint64_t, kLatencyBuckets.size()> buckets{};  // not cumulative
    std::uint64_t count = 0;
    double sum = 0;
  };
  std::atomic<std::int64_t> in_flight_{0};
  mutable std::mutex mutex_;  // guards the two below
  std::map<std::pair<std::string, int>, Histogram> requests_;
  std::map<int, std::uint64_t> refused_;
};

// The process's own figures from /proc/self: CPU seconds, resident and
// virtual bytes, open and allowed descriptors, start time (unix seconds).
struct ProcessFigures {
  double cpu_seconds = 0;
  double resident_bytes = 0;
  double virtual_bytes = 0;
  double open_fds = 0;
  double max_fds = 0;
  double start_time_seconds = 0;
};
ProcessFigures process_figures();

// A label value as the format writes it (backslash, quote and newline escaped).
std::string label_value(const std::string& value);

}  // namespace newsidx::service
