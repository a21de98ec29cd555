// Frequent words checked from bitmaps (query/word_filters.h): the same
// matches as ranking them, and the relaxed fallback's choice of words.
#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "index/store.h"
#include "newsidx/analyzer.h"
#include "newsidx/article.h"
#include "query/word_bitmaps.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

using IdSet = std::set<std::string>;

SearcherOptions every_word_frequent() {
  SearcherOptions o;
  o.frequent_word_share = 1e-9;
  o.frequent_word_min_articles = 1;
  return o;
}

SearcherOptions no_frequent_words() {
  SearcherOptions o;
  o.frequent_word_share = 0;
  return o;
}

IdSet id_set(const SearchResult& r) {
  IdSet ids;
  for (const auto& h : r.results) ids.insert(h.id);
  return ids;
}

SearchResult search(const Searcher& s, const std::string& query, bool facets = false) {
  SearchRequest req;
  req.query = query;
  req.limit = kMaxLimit;
  req.snippets = false;
  req.facets = facets;
  req.facet_values = 1000;
  return s.search(req);
}

std::string facets_of(const SearchResult& r) {
  std::string out;
  for (const auto& [facet, values] : r.facets) {
    out += facet + ":";
    for (const auto& v : values) out += " " + v.value + "=" + std::to_string(v.count);
    out += "\n";
  }
  return out;
}

TEST(DocBitmap, FindsTheNextIdAcrossWords) {
  DocBitmap b(200);
  for (Xapian::docid d : {1u, 63u, 64u, 130u, 200u}) b.words[d >> 6] |= std::uint64_t{1} << (d & 63);
  EXPECT_EQ(b.next_from(0), 1u);
  EXPECT_EQ(b.next_from(2), 63u);
  EXPECT_EQ(b.next_from(64), 64u);
  EXPECT_EQ(b.next_from(65), 130u);
  EXPECT_EQ(b.next_from(131), 200u);
  EXPECT_EQ(b.next_from(201), 0u);
  EXPECT_EQ(b.next_from(100000), 0u);
  EXPECT_TRUE(b.has(130));
  EXPECT_FALSE(b.has(129));
  EXPECT_FALSE(b.has(100000));
}

// Every title's first words as a query, with every word but the rarest
// checked from bitmaps, and with none: the same articles, the same totals.
TEST(FrequentWords, MatchTheSameArticlesAsRankedWords) {
  test::TempDir dir;
  Indexer(dir.path()).add_files({test::sample_articles()});
  const Searcher filtered(dir.path(), every_word_frequent());
  const Searcher ranked(dir.path(), no_frequent_words());
  // Words of several readings and scripts, and typed tokens that break up.
  std::vector<std::string> queries{"Тоқаев Бішкек", "Toqaev Bishkek",
                                   "Tokayev visit", "Qasym-Jomart Toqaev",
                                   "宪法公投",      "Қазақстанның Орталық банкі",
                                   "в России",      "the central bank"};
  std::ifstream in(test::sample_articles());
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const std::string title = nlohmann::json::parse(line).at("title");
    std::string query;
    std::size_t words = 0;
    for (std::size_t i = 0; i < title.size() && words < 3; ++i) {
      query += title[i];
      if (title[i] == ' ') ++words;
    }
    queries.push_back(query);
  }
  std::size_t rescored = 0;
  for (const auto& query : queries) {
    const SearchResult a = search(filtered, query, true), b = search(ranked, query, true);
    EXPECT_EQ(facets_of(a), facets_of(b)) << query;  // counted from bitmaps / by Xapian's pass
    EXPECT_TRUE(a.facets_exact && b.facets_exact) << query;
    EXPECT_EQ(id_set(a), id_set(b)) << query;
    EXPECT_EQ(a.total, b.total) << query;
    EXPECT_EQ(a.relaxed, b.relaxed) << query;
    if (!a.results.empty() && a.results[0].score != b.results[0].score) ++rescored;
  }
  EXPECT_EQ(queries.size(), 57u);
  EXPECT_GT(rescored, 40u);  // the filters were used: frequent words add no weight
}

// An edition asked for is a filter read from its bitmap when its articles
// are many: the same articles, scores and totals as its term gives.
TEST(FrequentWords, AnEditionsBitmapFiltersAsItsTermDoes) {
  test::TempDir dir;
  Indexer(dir.path()).add_files({test::sample_articles()});
  const Searcher from_bitmaps(dir.path(), every_word_frequent());
  const Searcher from_terms(dir.path(), no_frequent_words());
  std::size_t found = 0;
  for (const std::string lang : {"kk", "ru", "en", "zh", "kk-Latn"}) {
    for (const std::string query : {"Тоқаев", "Toqaev", "банк", "referendum", "宪法", "2022"}) {
      SearchRequest req;
      req.query = query;
      req.lang = lang;
      req.limit = kMaxLimit;
      req.snippets = false;
      const SearchResult a = from_bitmaps.search(req), b = from_terms.search(req);
      ASSERT_EQ(a.results.size(), b.results.size()) << lang << " " << query;
      for (std::size_t i = 0; i < a.results.size(); ++i) {
        EXPECT_EQ(a.results[i].id, b.results[i].id) << lang << " " << query;
        EXPECT_EQ(base_language(a.results[i].lang), base_language(lang)) << lang << " " << query;
      }
      EXPECT_EQ(a.total, b.total) << lang << " " << query;
      found += a.results.size();
    }
  }
  EXPECT_GT(found, 20u);
}

// A query of nothing but frequent words still ranks by its rarest word.
TEST(FrequentWords, TheRarestWordStaysRanked) {
  test::TempDir dir;
  std::string lines;
  for (int i = 0; i < 6; ++i) {
    const std::string n = std::to_string(i);
    // "harbour" once in the body of every article, and i + 1 times "crane".
    std::string body = "The harbour " + n + ".";
    for (int j = 0; j <= i; ++j) body += " Crane.";
    lines += test::article_line("a" + n, R"("title": "Report )" + n + R"(", "body": ")" + body + R"(")") + "\n";
  }
  test::write_file(dir.file("a.jsonl"), lines);
  Indexer(dir.path()).add_files({dir.file("a.jsonl")});
  const Searcher filtered(dir.path(), every_word_frequent());
  const SearchResult r = search(filtered, "harbour crane");
  ASSERT_EQ(r.results.size(), 6u);
  for (const auto& h : r.results) EXPECT_GT(h.score, 0) << h.id;
}

// Articles for the relaxed tests: "alpha" and "beta" never together, each
// with "common"; five more with "common" only; and words u1..u7, word ui in
// i articles of its own.
std::string relaxed_corpus() {
  std::string lines;
  lines += test::article_line("alpha", R"("title": "Alpha common", "body": "Alpha common one.")") + "\n";
  lines += test::article_line("beta", R"("title": "Beta common", "body": "Beta common two.")") + "\n";
  for (int i = 0; i < 5; ++i) {
    const std::string n = std::to_string(i);
    lines +=
        test::article_line("common" + n, R"("title": "Common )" + n + R"(", "body": "Common text )" + n + R"(.")") +
        "\n";
  }
  const char* words[] = {"zorblat", "quintex", "morvane", "plixory", "drumbek", "skavvit", "yoltran"};
  for (int w = 0; w < 7; ++w)
    for (int copy = 0; copy <= w; ++copy) {
      const std::string id = std::string(words[w]) + "-" + std::to_string(copy);
      lines += test::article_line(id, R"("title": ")" + id + R"(", "body": "About )" + std::string(words[w]) +
                                          " number " + std::to_string(copy) + R"(.")") +
               "\n";
    }
  return lines;
}

TEST(RelaxedQueries, LeaveOutFrequentWordsWhenRarerOnesRemain) {
  test::TempDir dir;
  test::write_file(dir.file("a.jsonl"), relaxed_corpus());
  Indexer(dir.path()).add_files({dir.file("a.jsonl")});
  SearcherOptions o;
  o.frequent_word_min_articles = 5;  // "common" (7 articles) is frequent; alpha and beta are not
  o.frequent_word_share = 0.1;
  const SearchResult r = search(Searcher(dir.path(), o), "alpha beta common");
  EXPECT_TRUE(r.relaxed);
  EXPECT_EQ(id_set(r), (IdSet{"alpha", "beta"}));
  // A word no article has is not a rarer one.
  const SearchResult unknown = search(Searcher(dir.path(), o), "zzyzzyx common");
  EXPECT_TRUE(unknown.relaxed);
  EXPECT_EQ(unknown.results.size(), 7u);
  // Without frequent words every article with any of the three is a match.
  const SearchResult all = search(Searcher(dir.path(), no_frequent_words()), "alpha beta common");
  EXPECT_TRUE(all.relaxed);
  EXPECT_EQ(all.results.size(), 7u);
}

TEST(RelaxedQueries, RankByTheFiveRarestWords) {
  test::TempDir dir;
  test::write_file(dir.file("a.jsonl"), relaxed_corpus());
  Indexer(dir.path()).add_files({dir.file("a.jsonl")});
  const Searcher searcher(dir.path(), no_frequent_words());
  const SearchResult r = search(searcher, "zorblat quintex morvane plixory drumbek skavvit yoltran");
  EXPECT_TRUE(r.relaxed);
  IdSet expected;
  const char* rarest[] = {"zorblat", "quintex", "morvane", "plixory", "drumbek"};
  for (int w = 0; w < 5; ++w)
    for (int copy = 0; copy <= w; ++copy) expected.insert(std::string(rarest[w]) + "-" + std::to_string(copy));
  EXPECT_EQ(id_set(r), expected);
  // --any still ranks by every word.
  SearchRequest any;
  any.query = "zorblat quintex morvane plixory drumbek skavvit yoltran";
  any.any = true;
  any.limit = kMaxLimit;
  EXPECT_EQ(searcher.search(any).results.size(), 28u);
}

}  // namespace
}  // namespace newsidx

namespace newsidx {
namespace {

// Bitmaps that fill their memory give way least recently used first, and
// a commit drops them all.
TEST(TermBitmaps, TheLeastRecentlyUsedGiveWayAndACommitDropsThemAll) {
  test::TempDir dir;
  std::string lines;
  for (int i = 0; i < 200; ++i)
    lines += test::article_line("a" + std::to_string(i), R"("body": "alpha beta gamma delta")") + "\n";
  test::write_file(dir.file("a.jsonl"), lines);
  Indexer(dir.path()).add_files({dir.file("a.jsonl")});
  const Xapian::Database db = store::open_reader(dir.path());
  Analyzer analyzer;
  auto term = [&](const char* w) { return analyzer.analyze(w, "en").at(0).term; };
  const std::size_t one = (db.get_lastdocid() / 64 + 1) * sizeof(std::uint64_t);  // a bitmap's bytes
  TermBitmaps bitmaps(3 * one);
  const store::CommitId commit{"g", 1};
  const auto alpha = bitmaps.get(db, commit, term("alpha"), 1);
  const auto beta = bitmaps.get(db, commit, term("beta"), 1);
  const auto gamma = bitmaps.get(db, commit, term("gamma"), 1);
  EXPECT_EQ(alpha->count, 200u);
  EXPECT_EQ(bitmaps.bytes(), 3 * one);
  EXPECT_EQ(bitmaps.get(db, commit, term("alpha"), 1), alpha);  // kept, and now the most recently used
  bitmaps.get(db, commit, term("delta"), 1);                      // full: beta, the least recently used, goes
  EXPECT_EQ(bitmaps.get(db, commit, term("alpha"), 1), alpha);
  EXPECT_EQ(bitmaps.get(db, commit, term("gamma"), 1), gamma);
  EXPECT_NE(bitmaps.get(db, commit, term("beta"), 1), beta);  // built again
  EXPECT_LE(bitmaps.bytes(), 3 * one);
  EXPECT_NE(bitmaps.get(db, store::CommitId{"g", 2}, term("alpha"), 1), alpha);  // another commit
  EXPECT_EQ(bitmaps.bytes(), one);
}

}  // namespace
}  // namespace newsidx
