// What the service adds to each request for operators, in isolation:
// recording one answer in the metrics, writing one access-log line (to a
// file, as --access-log does), and rendering /metrics. bench/ops_overhead.sh
// measures the same against whole requests.
#include <benchmark/benchmark.h>

#include <unistd.h>

#include <cstdio>
#include <string>

#include "service/access_log.h"
#include "service/metrics.h"

namespace {

void BM_MetricsRecordOneAnswer(benchmark::State& state) {
  newsidx::service::ServiceMetrics metrics;
  const std::string endpoint = "/api/search";
  for (auto _ : state) {
    metrics.begin();
    metrics.end(endpoint, 200, 0.0012);
  }
}
BENCHMARK(BM_MetricsRecordOneAnswer);

void BM_AccessLogWriteOneLine(benchmark::State& state) {
  char path[] = "/tmp/bench-access-XXXXXX";
  const int fd = ::mkstemp(path);
  ::close(fd);
  {
    newsidx::service::AccessLog log(path, false);
    const newsidx::service::AccessRecord record{1796162425331763, "99f1d8f5-3", "GET", "/api/search",
                                                "q=astana",       200,          3022,  1431};
    for (auto _ : state) log.write(record);
  }
  std::remove(path);
}
BENCHMARK(BM_AccessLogWriteOneLine);

void BM_MetricsRender(benchmark::State& state) {
  newsidx::service::ServiceMetrics metrics;
  for (const char* e : {"/api/search", "/api/popular", "/api/articles/{id}", "/api/articles/{id}/related", "page"})
    for (int status : {200, 400, 404}) {
      metrics.begin();
      metrics.end(e, status, 0.001);
    }
  for (auto _ : state) benchmark::DoNotOptimize(metrics.render(nullptr, true));
}
BENCHMARK(BM_MetricsRender);

}  // namespace
