// Search latency: 1,000 queries drawn from titles, single thread, one
// process, through newsidx (without and with facets, with and without the
// query's language, all words and any word), plain Xapian (TermGenerator
// index with Chinese as character n-grams, QueryParser, BM25, no other
// analysis) and SQLite FTS5 (unicode61: Chinese titles find nothing there).
//
//   bench_search CORPUS.jsonl[.gz] NEWSIDX_DB WORK_DIR [QUERIES [ONLY]]
//
// Plain Xapian and FTS5 indexes are built in WORK_DIR on first use. ONLY,
// system names separated by "|", runs those alone (for profiling);
// BENCH_SLOWEST=N in the environment prints each one's N slowest queries.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <sqlite3.h>
#include <unicode/brkiter.h>
#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/unistr.h>
#include <xapian.h>
#include <nlohmann/json.hpp>

#include "bench/bench_data.h"
#include "newsidx/searcher.h"

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

struct Doc {
  std::string id, lang, title, body;
};

// A title query and the language of the article it was drawn from, which a
// caller that knows its edition passes.
struct Query {
  std::string text, lang;
};

std::vector<Doc> load(const std::string& path) {
  std::vector<Doc> docs;
  for (const auto& line : newsidx::bench::read_lines(path)) {
    const auto j = nlohmann::json::parse(line);
    docs.push_back({j["id"], j.value("lang", ""), j["title"], j.value("lead", "") + "\n" + j.value("body", "")});
  }
  return docs;
}

// The words of a title: split at spaces and punctuation, and Chinese runs
// by ICU's dictionary (a Chinese title has no spaces).
std::vector<std::string> title_words(const std::string& title, icu::BreakIterator& words) {
  std::vector<std::string> out;
  std::string w;
  // Han runs by the dictionary, other runs as they are.
  auto add_run = [&](const icu::UnicodeString& run, bool han) {
    if (!han) {
      std::string piece;
      out.push_back(run.toUTF8String(piece));
      return;
    }
    words.setText(run);
    for (int32_t from = words.first(), to = words.next(); to != icu::BreakIterator::DONE; from = to, to = words.next()) {
      std::string piece;
      run.tempSubStringBetween(from, to).toUTF8String(piece);
      out.push_back(piece);
    }
  };
  auto is_han = [](UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    return uscript_getScript(c, &status) == USCRIPT_HAN;
  };
  auto flush = [&] {
    const icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
    w.clear();
    int32_t run = 0;
    for (int32_t i = 0; i < u.length(); i = u.moveIndex32(i, 1)) {
      const bool han = is_han(u.char32At(i)), run_han = is_han(u.char32At(run));
      if (han != run_han) {
        add_run(u.tempSubStringBetween(run, i), run_han);
        run = i;
      }
    }
    if (run < u.length()) add_run(u.tempSubStringBetween(run), is_han(u.char32At(run)));
  };
  for (char c : title + " ") {
    const bool sep = c == ' ' || c == ',' || c == '.' || c == ':' || c == '"' || c == '(' || c == ')' || c == '?' ||
                     c == '!' || c == '-' || c == '*';
    if (!sep) w += c;
    else flush();
  }
  return out;
}

// Consecutive words of a random title: three (fewer when the title is
// short), or one or two of a Chinese title, as people search Chinese.
std::vector<Query> make_queries(const std::vector<Doc>& docs, std::size_t n, unsigned seed) {
  std::mt19937 rng(seed);
  UErrorCode status = U_ZERO_ERROR;
  std::unique_ptr<icu::BreakIterator> breaker(icu::BreakIterator::createWordInstance(icu::Locale("zh"), status));
  if (U_FAILURE(status)) throw std::runtime_error("ICU word breaking is unavailable");
  std::vector<Query> queries;
  while (queries.size() < n) {
    const Doc& d = docs[rng() % docs.size()];
    std::vector<std::string> words = title_words(d.title, *breaker);
    words.erase(std::remove_if(words.begin(), words.end(),
                               [](const std::string& w) {
                                 const icu::UnicodeString u = icu::UnicodeString::fromUTF8(w);
                                 return u.length() == 0 || !u_isalnum(u.char32At(0));
                               }),
                words.end());
    if (words.empty()) continue;
    const bool chinese = d.lang.rfind("zh", 0) == 0;
    const std::size_t len = std::min<std::size_t>(chinese ? 1 + rng() % 2 : 3, words.size());
    const std::size_t start = rng() % (words.size() - len + 1);
    std::string q;
    for (std::size_t i = start; i < start + len; ++i) q += (q.empty() ? "" : " ") + words[i];
    queries.push_back({q, d.lang});
  }
  return queries;
}

void build_plain_xapian(const std::vector<Doc>& docs, const std::string& path) {
  if (fs::exists(path)) return;
  std::fprintf(stderr, "building the plain Xapian index...\n");
  Xapian::WritableDatabase db(path + ".tmp", Xapian::DB_CREATE_OR_OVERWRITE);
  Xapian::TermGenerator tg;
  tg.set_flags(Xapian::TermGenerator::FLAG_CJK_NGRAM);  // Chinese as Xapian reads it: characters and bigrams
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
Stats measure(const std::vector<Query>& warm_up, const std::vector<Query>& queries,
              const std::function<std::size_t(const Query&)>& run) {
  for (const auto& q : warm_up) run(q);
  std::vector<double> ms;
  std::vector<std::pair<double, const Query*>> slowest;
  std::size_t hits = 0;
  const auto start = Clock::now();
  for (const auto& q : queries) {
    const auto t0 = Clock::now();
    hits += run(q);
    ms.push_back(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    slowest.emplace_back(ms.back(), &q);
  }
  const double total = std::chrono::duration<double>(Clock::now() - start).count();
  // BENCH_SLOWEST=N prints the N slowest queries (to profile them).
  if (const char* n = std::getenv("BENCH_SLOWEST")) {
    std::sort(slowest.rbegin(), slowest.rend());
    for (std::size_t i = 0; i < slowest.size() && i < std::stoul(n); ++i)
      std::printf("  %8.3f ms  %s\t%s\n", slowest[i].first, slowest[i].second->lang.c_str(),
                  slowest[i].second->text.c_str());
  }
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * ms.size()))]; };
  return {pct(0.50), pct(0.95), pct(0.99), queries.size() / total, static_cast<double>(hits) / queries.size()};
}

// Plain Xapian and SQLite FTS5 over the same articles, every word required.
class Peers {
 public:
  Peers(const std::vector<Doc>& docs, const std::string& work) {
    build_plain_xapian(docs, work + "/xapian-plain-ngrams");
    build_fts5(docs, work + "/fts5.sqlite");
    xdb_ = Xapian::Database(work + "/xapian-plain-ngrams");
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
  std::size_t plain(const std::string& q, bool any = false) {
    Xapian::Enquire enquire(xdb_);
    qp_.set_default_op(any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND);
    Xapian::Query parsed;
    try {
      parsed = qp_.parse_query(q, Xapian::QueryParser::FLAG_DEFAULT | Xapian::QueryParser::FLAG_CJK_NGRAM);
    } catch (const Xapian::QueryParserError&) {  // a title's "AND" or "NOT" read as an operator: plain words then
      try {
        parsed = qp_.parse_query(q, Xapian::QueryParser::FLAG_CJK_NGRAM);
      } catch (const Xapian::QueryParserError&) {
        return 0;
      }
    }
    enquire.set_query(parsed);
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
  const std::string only = argc > 5 ? argv[5] : "";
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
  enum Option { kFacets = 1, kSnippets = 2, kAny = 4, kFeedback = 8, kWithLang = 16 };
  auto ours = [&](int options, newsidx::Searcher& s) {
    return [&s, options](const Query& q) {
      newsidx::SearchRequest req;
      req.query = q.text;
      if ((options & kWithLang) && !q.lang.empty()) req.lang = q.lang;
      req.facets = options & kFacets;
      req.snippets = options & kSnippets;
      req.any = options & kAny;
      req.feedback = options & kFeedback;
      return s.search(req).results.size();
    };
  };
  using Run = std::function<std::size_t(const Query&)>;
  // The first four are the ones the ratios below compare.
  std::vector<std::tuple<std::string, Run, bool>> systems{
      {"newsidx", ours(0, searcher), true}, {"newsidx --facets", ours(kFacets, searcher), true}};
  if (peers) {
    systems.emplace_back(
        "plain Xapian", [&](const Query& q) { return peers->plain(q.text); }, true);
    systems.emplace_back(
        "SQLite FTS5", [&](const Query& q) { return peers->fts5(q.text); }, true);
  }
  systems.emplace_back("newsidx, language given", ours(kWithLang, searcher), true);
  systems.emplace_back("newsidx + snippets", ours(kSnippets, searcher), true);
  systems.emplace_back("newsidx, no edition mix", ours(0, unmixed_searcher), true);
  systems.emplace_back("newsidx + proximity boost", ours(0, proximity_searcher), true);
  if (peers)
    systems.emplace_back(
        "plain Xapian, any word", [&](const Query& q) { return peers->plain(q.text, true); }, true);
  systems.emplace_back("newsidx --any", ours(kAny, searcher), true);
  systems.emplace_back("newsidx --any, language given", ours(kAny | kWithLang, searcher), true);
  systems.emplace_back("newsidx --any --feedback", ours(kAny | kFeedback, searcher), true);
  systems.emplace_back("newsidx, cold start", ours(0, cold_searcher), false);
  if (!only.empty()) {
    const std::string list = "|" + only + "|";
    systems.erase(std::remove_if(systems.begin(), systems.end(),
                                 [&](const auto& s) { return list.find("|" + std::get<0>(s) + "|") == std::string::npos; }),
                  systems.end());
  }

  std::printf("%zu articles, %zu queries of up to three title words, every word required, top 10\n", docs.size(),
              queries.size());
  std::printf("%-30s %9s %9s %9s %10s %8s\n", "system", "p50 ms", "p95 ms", "p99 ms", "queries/s", "hits");
  std::map<std::string, Stats> results;
  for (const auto& [name, run, warm] : systems) {
    const Stats s = measure(warm ? warm_up : std::vector<Query>(), queries, run);
    results[name] = s;
    std::printf("%-30s %9.3f %9.3f %9.3f %10.0f %8.2f\n", name.c_str(), s.p50, s.p95, s.p99, s.qps, s.hits_per_query);
  }
  std::printf(
      "newsidx: results with ids, titles and fields; + snippets: also a highlighted snippet each;\n"
      "language given: each query with its article's language, as a caller that knows its edition;\n"
      "no edition mix: SearcherOptions::mix_editions off;\n"
      "proximity boost: SearcherOptions::proximity_weight 0.25; --any: any of the words, with --feedback\n"
      "also ranked by the words of the best 5 matches;\n"
      "each system first answers %zu other title queries, except the cold start (a new Searcher, its\n"
      "first queries read its in-memory columns and word bitmaps)\n",
      warm_up.size());
  std::printf("ratios (p50, p99):");
  for (const auto& [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"newsidx --facets", "newsidx"},
           {"newsidx + snippets", "newsidx"},
           {"newsidx", "plain Xapian"},
           {"newsidx, language given", "plain Xapian"},
           {"newsidx, language given", "newsidx"},
           {"newsidx --any", "plain Xapian, any word"},
           {"newsidx --any, language given", "plain Xapian, any word"},
           {"newsidx", "SQLite FTS5"}}) {
    if (results.count(a) && results.count(b))
      std::printf("\n  %s / %s: %.2fx %.2fx", a.c_str(), b.c_str(), results[a].p50 / results[b].p50,
                  results[a].p99 / results[b].p99);
  }
  std::printf("\n");
}
