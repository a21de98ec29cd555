// Indexing throughput: building documents alone, and whole bulk loads into
// a fresh index (articles/s).
#include <benchmark/benchmark.h>

#include <unistd.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>

#include "bench/bench_data.h"
#include "index/document_builder.h"
#include "indexer/article_reader.h"
#include "newsidx/indexer.h"

namespace newsidx {
namespace {

namespace fs = std::filesystem;

// The articles to index: the shared corpora's first 2,000 lines each when
// present, else the sample repeated under fresh ids.
const std::vector<std::string>& input_lines() {
  static const std::vector<std::string> lines = [] {
    std::vector<std::string> out;
    if (bench::shared_available()) {
      for (const char* f : {"ru-ria", "ru-telegram", "en-bbc", "kk-latn-kazinform", "zh-thucnews-titles"}) {
        auto more = bench::read_lines(bench::shared_path(std::string("corpora/") + f + ".jsonl.gz"), 2000);
        out.insert(out.end(), more.begin(), more.end());
      }
      return out;
    }
    const auto sample = bench::read_lines(bench::sample_path());
    for (int copy = 0; copy < 40; ++copy)
      for (const auto& line : sample)
        out.push_back("{\"id\": \"copy" + std::to_string(copy) + "-" + line.substr(8));  // {"id": "X -> copyN-X
    return out;
  }();
  return lines;
}

void BM_BuildDocument(benchmark::State& state) {
  std::vector<Article> articles;
  for (const auto& line : input_lines()) articles.push_back(std::get<Article>(parse_article_line(line)));
  DocumentBuilder builder;
  std::size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(builder.build(articles[i], input_lines()[i]));
    i = (i + 1) % articles.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_BuildDocument);

void BM_BulkLoad(benchmark::State& state) {
  const fs::path dir = fs::temp_directory_path() / ("newsidx-bench-" + std::to_string(::getpid()));
  fs::create_directories(dir);
  const std::string input = (dir / "input.jsonl").string();
  {
    std::ofstream out(input);
    for (const auto& line : input_lines()) out << line << "\n";
  }
  IndexerOptions options;
  options.threads = static_cast<unsigned>(state.range(0));
  int run = 0;
  for (auto _ : state) {
    const std::string db = (dir / ("db" + std::to_string(run++))).string();
    Indexer(db, options).add_files({input});
    state.PauseTiming();  // removing the index is not part of loading it
    fs::remove_all(db);
    state.ResumeTiming();
  }
  fs::remove_all(dir);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * input_lines().size()));
}
BENCHMARK(BM_BulkLoad)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// One article added and committed (durably) by ArticleWriter, as a push
// is: into the index at $NEWSIDX_BENCH_DB (bench/publish_latency.sh passes
// its 100k index), else into one of the sample. The articles added are
// deleted again at the end.
void BM_WriterAddCommitOne(benchmark::State& state) {
  const char* given = std::getenv("NEWSIDX_BENCH_DB");
  const fs::path scratch = fs::temp_directory_path() / ("newsidx-bench-writer-" + std::to_string(::getpid()));
  const std::string db = given ? given : scratch.string();
  if (!given) Indexer(db).add_files({bench::sample_path()});
  {
    ArticleWriter writer(db);
    std::size_t n = 0;
    for (auto _ : state) {
      writer.add_json(
          R"({"id": "bench-one-)" + std::to_string(n++) +
          R"(", "lang": "en", "title": "One pushed article", "body": "Its body.", "published": "2024-03-24T10:00:00Z"})");
      writer.commit();
    }
    for (std::size_t i = 0; i < n; ++i) writer.remove("bench-one-" + std::to_string(i));
    writer.commit();
  }
  if (!given) fs::remove_all(scratch);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
}
BENCHMARK(BM_WriterAddCommitOne)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace newsidx
