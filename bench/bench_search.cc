// Search latency: 1,000 queries drawn from titles, single thread, one
// process, through newsidx (without and with facets), plain Xapian
// (TermGenerator index, QueryParser, BM25, no extra analysis) and SQLite
// FTS5, all over the same articles and all requiring every word.
//
//   bench_search CORPUS.jsonl[.gz] NEWSIDX_DB WORK_DIR [QUERIES]
//
// Plain Xapian and FTS5 indexes are built in WORK_DIR on first use.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

#include <sqlite3.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "bench/bench_data.h"
#include "newsidx/searcher.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Doc {
  std::string id, title, body;
};

std::vector<Doc> load(const std::string& path) {
  std::vector<Doc> docs;
  for (const auto& line : newsidx::bench::read_lines(path)) {
    const auto j = nlohmann::json::parse(line);
    docs.push_back({j["id"], j["title"], j.value("lead", "") + "\n" + j.value("body", "")});
  }
  return docs;
}

// Three consecutive words of a random title (fewer when the title is short).
std::vector<std::string> make_queries(const std::vector<Doc>& docs, std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  std::vector<std::string> queries;
  while (queries.size() < n) {
    const Doc& d = docs[rng() % docs.size()];
    std::vector<std::string> words;
    std::string w;
    for (char c : d.title + " ") {
      const bool sep = c == ' ' || c == ',' || c == '.' || c == ':' || c == '"' || c == '(' || c == ')' || c == '?' ||
                       c == '!' || c == '-' || c == '*';
      if (!sep) w += c;
      else if (!w.empty()) words.push_back(std::exchange(w, {}));
    }
    if (words.empty()) continue;
    const std::size_t len = std::min<std::size_t>(3, words.size());
    const std::size_t start = rng() % (words.size() - len + 1);
    std::string q;
    for (std::size_t i = start; i < start + len; ++i) q += (q.empty() ? "" : " ") + words[i];
    queries.push_back(q);
  }
  return queries;
}

void build_plain_xapian(const std::vector<Doc>& docs, const std::string& path) {
  if (fs::exists(path)) return;
  std::fprintf(stderr, "building the plain Xapian index...\n");
  Xapian::WritableDatabase db(path + ".tmp", Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;
  for (const Doc& d : docs) {
    Xapian::Document doc;
    tg.set_document(doc);
    tg.index_text(d.title, 1, "S");
    tg.index_text(d.title);
    tg.increase_termpos();
    tg.index_text(d.body);
    doc.set_data(d.id + "\n" + d.title);
    doc.add_boolean_term("Q" + d.id);
    db.add_document(doc);
  }
  db.commit();
  db.close();
  fs::rename(path + ".tmp", path);
}

void check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "sqlite %s: %s\n", what, sqlite3_errmsg(db));
    std::exit(1);
  }
}

void build_fts5(const std::vector<Doc>& docs, const std::string& path) {
  if (fs::exists(path)) return;
  std::fprintf(stderr, "building the FTS5 index...\n");
  sqlite3* db;
  check(sqlite3_open((path + ".tmp").c_str(), &db), db, "open");
  check(sqlite3_exec(db,
                     "CREATE VIRTUAL TABLE d USING fts5(id UNINDEXED, title, body, tokenize='unicode61');"
                     "BEGIN;",
                     nullptr, nullptr, nullptr),
        db, "create");
  sqlite3_stmt* ins;
  check(sqlite3_prepare_v2(db, "INSERT INTO d VALUES (?, ?, ?)", -1, &ins, nullptr), db, "prepare");
  for (const Doc& d : docs) {
    sqlite3_bind_text(ins, 1, d.id.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 2, d.title.c_str(), -1, SQLITE_TRANSIENT);
    sqlite3_bind_text(ins, 3, d.body.c_str(), -1, SQLITE_TRANSIENT);
    check(sqlite3_step(ins), db, "insert");
    sqlite3_reset(ins);
  }
  sqlite3_finalize(ins);
  check(sqlite3_exec(db, "COMMIT; INSERT INTO d(d) VALUES('optimize');", nullptr, nullptr, nullptr), db, "commit");
  sqlite3_close(db);
  fs::rename(path + ".tmp", path);
}

struct Stats {
  double p50, p95, p99, qps, hits_per_query;
};

// Runs `warm_up` first (nothing, for a cold start), then times `queries`.
Stats measure(const std::vector<std::string>& warm_up, const std::vector<std::string>& queries,
              const std::function<std::size_t(const std::string&)>& run) {
  for (const auto& q : warm_up) run(q);
  std::vector<double> ms;
  std::size_t hits = 0;
  const auto start = Clock::now();
  for (const auto& q : queries) {
    const auto t0 = Clock::now();
    hits += run(q);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
  }
  const double total = std::chrono::duration<double>(Clock::now() - start).count();
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
  return {pct(0.50), pct(0.95), pct(0.99), queries.size() / total, static_cast<double>(hits) / queries.size()};
}

// Plain Xapian and SQLite FTS5 over the same articles, every word required.
class Peers {
 public:
  Peers(const std::vector<Doc>& docs, const std::string& work) {
    build_plain_xapian(docs, work + "/xapian-plain");
    build_fts5(docs, work + "/fts5.sqlite");
    xdb_ = Xapian::Database(work + "/xapian-plain");
    qp_.set_database(xdb_);
    qp_.set_default_op(Xapian::Query::OP_AND);
    check(sqlite3_open_v2((work + "/fts5.sqlite").c_str(), &fdb_, SQLITE_OPEN_READONLY, nullptr), fdb_, "open");
    check(
        sqlite3_prepare_v2(fdb_, "SELECT id, title FROM d WHERE d MATCH ? ORDER BY rank LIMIT 10", -1, &sel_, nullptr),
        fdb_, "prepare");
  }
  ~Peers() {
    sqlite3_finalize(sel_);
    sqlite3_close(fdb_);
  }
  std::size_t plain(const std::string& q) {
    Xapian::Enquire enquire(xdb_);
    enquire.set_query(qp_.parse_query(q));
    Xapian::MSet m = enquire.get_mset(0, 10);
    for (auto it = m.begin(); it != m.end(); ++it) (void)it.get_document().get_data();
    return static_cast<std::size_t>(m.size());
  }
  std::size_t fts5(const std::string& q) {
    std::string match;  // every word quoted: FTS5 syntax characters are data here
    std::string w;
    for (char c : q + " ") {
      if (c == ' ') {
        if (!w.empty()) match += (match.empty() ? "" : " ") + ("\"" + w + "\"");
        w.clear();
      } else if (c != '"') {
        w += c;
      }
    }
    sqlite3_bind_text(sel_, 1, match.c_str(), -1, SQLITE_TRANSIENT);
    std::size_t rows = 0;
    while (sqlite3_step(sel_) == SQLITE_ROW) ++rows;
    sqlite3_reset(sel_);
    return rows;
  }

 private:
  Xapian::Database xdb_;
  Xapian::QueryParser qp_;
  sqlite3* fdb_ = nullptr;
  sqlite3_stmt* sel_ = nullptr;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: bench_search CORPUS NEWSIDX_DB WORK_DIR|- [QUERIES]\n");
    return 2;
  }
  const std::string corpus = argv[1], newsidx_db = argv[2], work = argv[3];
  const std::size_t n = argc > 4 ? std::stoul(argv[4]) : 1000;
  const auto docs = load(corpus);
  // Each system first answers other queries of the same kind, as a
  // long-running service has, so that the measured ones find its caches
  // (and the page cache) warm without having seen those very queries.
  const auto queries = make_queries(docs, n, 42);
  const auto warm_up = make_queries(docs, n, 7);
  std::unique_ptr<Peers> peers;  // none with WORK_DIR "-": newsidx alone
  if (work != "-") {
    fs::create_directories(work);
    peers = std::make_unique<Peers>(docs, work);
  }

  newsidx::Searcher searcher(newsidx_db);
  newsidx::Searcher cold_searcher(newsidx_db);  // to show the first queries after opening
  newsidx::SearcherOptions boosted;             // the proximity boost on (it is off by default)
  boosted.proximity_weight = 0.25;
  newsidx::Searcher proximity_searcher(newsidx_db, boosted);
  newsidx::SearcherOptions unmixed;  // the edition mix rule off (it is on by default)
  unmixed.mix_editions = false;
  newsidx::Searcher unmixed_searcher(newsidx_db, unmixed);
  auto ours = [&](bool facets, bool snippets, newsidx::Searcher& s, bool any = false, bool feedback = false) {
    return [&s, facets, snippets, any, feedback](const std::string& q) {
      newsidx::SearchRequest req;
      req.query = q;
      req.facets = facets;
      req.snippets = snippets;
      req.any = any;
      req.feedback = feedback;
      return s.search(req).results.size();
    };
  };
  using Run = std::function<std::size_t(const std::string&)>;
  std::vector<std::tuple<const char*, Run, bool>> systems{{"newsidx", ours(false, false, searcher), true},
                                                          {"newsidx --facets", ours(true, false, searcher), true}};
  if (peers) {
    systems.emplace_back(
        "plain Xapian", [&](const std::string& q) { return peers->plain(q); }, true);
    systems.emplace_back(
        "SQLite FTS5", [&](const std::string& q) { return peers->fts5(q); }, true);
  }
  systems.emplace_back("newsidx + snippets", ours(false, true, searcher), true);
  systems.emplace_back("newsidx, no edition mix", ours(false, false, unmixed_searcher), true);
  systems.emplace_back("newsidx + proximity boost", ours(false, false, proximity_searcher), true);
  systems.emplace_back("newsidx --any", ours(false, false, searcher, true), true);
  systems.emplace_back("newsidx --any --feedback", ours(false, false, searcher, true, true), true);
  systems.emplace_back("newsidx, cold start", ours(false, false, cold_searcher), false);

  std::printf("%zu articles, %zu queries of up to three title words, every word required, top 10\n", docs.size(),
              queries.size());
  std::printf("%-28s %9s %9s %9s %10s %8s\n", "system", "p50 ms", "p95 ms", "p99 ms", "queries/s", "hits");
  std::vector<Stats> results;
  for (const auto& [name, run, warm] : systems) {
    results.push_back(measure(warm ? warm_up : std::vector<std::string>(), queries, run));
    const Stats& s = results.back();
    std::printf("%-28s %9.3f %9.3f %9.3f %10.0f %8.2f\n", name, s.p50, s.p95, s.p99, s.qps, s.hits_per_query);
  }
  std::printf(
      "newsidx: results with ids, titles and fields; + snippets: also a highlighted snippet each;\n"
      "no edition mix: SearcherOptions::mix_editions off;\n"
      "proximity boost: SearcherOptions::proximity_weight 0.25; --any: any of the words, with --feedback\n"
      "also ranked by the words of the best 5 matches;\n"
      "each system first answers %zu other title queries, except the cold start (a new Searcher, its\n"
      "first queries read its in-memory columns and word bitmaps)\n",
      warm_up.size());
  std::printf("ratios: facets/no facets p50 %.2fx p99 %.2fx", results[1].p50 / results[0].p50,
              results[1].p99 / results[0].p99);
  if (peers)
    std::printf("; newsidx/plain Xapian p50 %.2fx p99 %.2fx; newsidx/FTS5 p50 %.2fx p99 %.2fx",
                results[0].p50 / results[2].p50, results[0].p99 / results[2].p99, results[0].p50 / results[3].p50,
                results[0].p99 / results[3].p99);
  std::printf("\n");
}
