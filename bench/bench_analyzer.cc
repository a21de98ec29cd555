// The analyzer's throughput per language (MB/s of text), index side and
// query side.
#include <benchmark/benchmark.h>

#include "bench/bench_data.h"
#include "newsidx/analyzer.h"

namespace newsidx {
namespace {

const std::map<std::string, std::string>& texts() {
  static const auto t = bench::text_per_language();
  return t;
}

void BM_Analyze(benchmark::State& state, const std::string& lang) {
  const std::string& text = texts().at(lang);
  Analyzer analyzer;
  std::size_t tokens = 0;
  for (auto _ : state) {
    analyzer.for_each_token(text, lang, [&](const TokenView& t) {
      benchmark::DoNotOptimize(t.term.data());
      ++tokens;
    });
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.counters["tokens"] = benchmark::Counter(static_cast<double>(tokens), benchmark::Counter::kIsRate);
}

void BM_AnalyzeQuery(benchmark::State& state) {
  const std::vector<std::string> queries = {"Қазақстан референдум", "Qazaqstan referendum",   "Tokayev prezident",
                                            "президент Казахстана", "哈萨克斯坦举行宪法公投", "base rate inflation"};
  Analyzer analyzer;
  std::size_t bytes = 0;
  for (auto _ : state) {
    for (const auto& q : queries) {
      benchmark::DoNotOptimize(analyzer.analyze_query(q));
      bytes += q.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * queries.size()));
}

int register_all() {
  for (const auto& [lang, text] : texts())
    benchmark::RegisterBenchmark(("BM_Analyze/" + lang).c_str(), BM_Analyze, lang);
  benchmark::RegisterBenchmark("BM_AnalyzeQuery", BM_AnalyzeQuery);
  return 0;
}
const int registered = register_all();

}  // namespace
}  // namespace newsidx
