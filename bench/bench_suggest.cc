// Completion latency and upkeep: prefixes of 1 to 8 characters drawn from
// titles (Kazakh ones also typed in Cyrillic and in the Arabic script),
// single thread, through Searcher::suggest and through the plain Xapian
// prefix query a Xapian user would write (OP_WILDCARD over title terms, 8
// documents); the time to build the completions from scratch, the memory
// they take, and the time to bring them up to date after a commit of
// 1,000 articles (added to NEWSIDX_DB, which this writes).
//
//   bench_suggest CORPUS.jsonl[.gz] NEWSIDX_DB WORK_DIR [PREFIXES]
//
// The plain Xapian index of titles is built in WORK_DIR on first use.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <xapian.h>
#include <nlohmann/json.hpp>

#include "analysis/kazakh.h"
#include "bench/bench_data.h"
#include "newsidx/analyzer.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Title {
  std::string lang, text;
};

double ms_since(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

std::vector<std::size_t> char_starts(const std::string& s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(s.size());
  return starts;
}

// From a random word start of a random title, 1 to 8 characters; a Kazakh
// one in the script it is written in, in Cyrillic or in the Arabic script.
std::vector<std::string> make_prefixes(const std::vector<Title>& titles, std::size_t n) {
  std::mt19937 rng(11);
  std::vector<std::string> out;
  while (out.size() < n) {
    const Title& t = titles[rng() % titles.size()];
    std::string text = t.text;
    if (t.lang == "kk-Latn" && rng() % 3) {
      text = newsidx::kazakh_to_canonical(text, "qz");
      if (rng() % 2) text = newsidx::kazakh_in_script(text, "Arab");
    }
    const std::vector<std::size_t> starts = char_starts(text);
    std::vector<std::size_t> words;
    for (std::size_t i = 0; i + 1 < starts.size(); ++i)
      if (i == 0 || text[starts[i] - 1] == ' ') words.push_back(i);
    if (words.empty()) continue;
    const std::size_t from = words[rng() % words.size()];
    const std::size_t to = std::min(starts.size() - 1, from + 1 + rng() % 8);
    std::string prefix = text.substr(starts[from], starts[to] - starts[from]);
    while (!prefix.empty() && prefix.back() == ' ') prefix.pop_back();
    if (!prefix.empty()) out.push_back(prefix);
  }
  return out;
}

void build_plain_xapian(const std::vector<Title>& titles, const std::string& path) {
  if (fs::exists(path)) return;
  std::fprintf(stderr, "building the plain Xapian title index...\n");
  Xapian::WritableDatabase db(path + ".tmp", Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;
  for (const Title& t : titles) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(t.text, 1, "S");
    doc.set_data(t.text);
    db.add_document(doc);
  }
  db.commit();
  db.close();
  fs::rename(path + ".tmp", path);
}

struct Times {
  std::vector<double> us;
  void report(const char* what) {
    std::sort(us.begin(), us.end());
    double sum = 0;
    for (double u : us) sum += u;
    std::printf("%-34s p50 %8.1f us  p99 %8.1f us  mean %8.1f us  (%zu prefixes)\n", what, us[us.size() / 2],
                us[us.size() * 99 / 100], sum / us.size(), us.size());
  }
};

// The last word of a prefix, lower-cased by Xapian's own rules, as a
// wildcard over title terms.
Xapian::Query wildcard(const std::string& prefix) {
  const std::size_t space = prefix.rfind(' ');
  std::string word = prefix.substr(space == std::string::npos ? 0 : space + 1);
  word = Xapian::Unicode::tolower(word);
  return Xapian::Query(Xapian::Query::OP_WILDCARD, "S" + word);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_suggest CORPUS.jsonl[.gz] NEWSIDX_DB WORK_DIR [PREFIXES]\n");
    return 2;
  }
  const std::string corpus = argv[1], db = argv[2], work = argv[3];
  const std::size_t n = argc > 4 ? std::stoul(argv[4]) : 10000;
  std::vector<Title> titles;
  std::vector<std::string> lines = newsidx::bench::read_lines(corpus);
  for (const auto& line : lines) {
    const auto j = nlohmann::json::parse(line);
    titles.push_back({j["lang"], j["title"]});
  }
  fs::create_directories(work);
  build_plain_xapian(titles, work + "/plain-titles");
  const std::vector<std::string> prefixes = make_prefixes(titles, n);

  newsidx::Searcher searcher(db);
  newsidx::SuggestRequest r;
  r.prefix = "a";
  auto t0 = Clock::now();
  searcher.suggest(r);
  std::printf("built from scratch (%zu articles): %.0f ms, %.1f MB\n", searcher.info().articles, ms_since(t0),
              searcher.status().suggest_bytes / 1e6);

  Times ours, plain;
  std::size_t empty = 0;
  for (const std::string& p : prefixes) {
    r.prefix = p;
    const auto t = Clock::now();
    const bool none = searcher.suggest(r).suggestions.empty();
    ours.us.push_back(ms_since(t) * 1000);
    if (none && ++empty <= 10) std::printf("  no completion: \"%s\"\n", p.c_str());
  }
  ours.report("newsidx suggest (8)");
  std::printf("  prefixes with no completion: %zu\n", empty);
  Xapian::Database plain_db(work + "/plain-titles");
  Xapian::Enquire enquire(plain_db);
  for (const std::string& p : prefixes) {
    const auto t = Clock::now();
    enquire.set_query(wildcard(p));
    const Xapian::MSet m = enquire.get_mset(0, 8);
    for (auto it = m.begin(); it != m.end(); ++it) (void)it.get_document().get_data();
    plain.us.push_back(ms_since(t) * 1000);
  }
  plain.report("plain Xapian OP_WILDCARD (8 docs)");

  // A commit of 1,000 articles: the corpus's first ones again, as new ids.
  {
    newsidx::ArticleWriter writer(db);
    for (std::size_t i = 0; i < 1000 && i < lines.size(); ++i) {
      auto j = nlohmann::json::parse(lines[i]);
      j["id"] = "bench-suggest-" + std::to_string(i) + "-" + std::to_string(std::time(nullptr));
      writer.add_json(j.dump());
    }
    writer.commit();
  }
  r.prefix = "a";
  t0 = Clock::now();
  searcher.suggest(r);
  std::printf("brought up to date after a commit of 1,000 articles: %.0f ms\n", ms_since(t0));
  return 0;
}
