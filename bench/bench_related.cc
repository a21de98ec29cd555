// Related-news latency: 1,000 source articles spread over the ids, single
// thread, one process: p50, p95, p99.
//
//   bench_related NEWSIDX_DB [SOURCES]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <string>
#include <vector>

#include <xapian.h>

#include "index/store.h"

#include "newsidx/searcher.h"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: bench_related NEWSIDX_DB [SOURCES]\n");
    return 2;
  }
  const std::size_t n = argc > 2 ? std::stoul(argv[2]) : 1000;
  // Every k-th id in id order: the same articles whatever the sharding.
  std::vector<std::string> ids;
  {
    const Xapian::Database db = newsidx::store::open_reader(argv[1]);  // one index, or its shards as one
    const Xapian::doccount step = std::max<Xapian::doccount>(1, db.get_doccount() / static_cast<Xapian::doccount>(n));
    Xapian::doccount i = 0;
    for (auto t = db.allterms_begin("Q"); t != db.allterms_end("Q") && ids.size() < n; ++t, ++i)
      if (i % step == 0) ids.push_back((*t).substr(1));
  }
  newsidx::Searcher searcher(argv[1]);
  for (std::size_t i = 0; i < std::min<std::size_t>(50, ids.size()); ++i) searcher.related(ids[i]);  // warm up
  std::vector<double> ms;
  std::size_t results = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const auto& id : ids) {
    const auto t0 = std::chrono::steady_clock::now();
    results += searcher.related(id)->size();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  const double total = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
  std::printf("related for %zu source articles: p50 %.3f ms, p95 %.3f ms, p99 %.3f ms, %.0f/s, %.2f results each\n",
              ids.size(), pct(0.5), pct(0.95), pct(0.99), ids.size() / total,
              static_cast<double>(results) / ids.size());
}
