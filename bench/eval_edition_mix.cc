// How often the first page of a search without an edition holds one
// edition alone while another edition has a strong match: a mixed query
// set of names and places, each the capitalised word of an article title
// (the rarest in the index of up to three tried) that articles of two
// editions or more hold.
//
//   eval_edition_mix CORPUS.jsonl[.gz] NEWSIDX_DB [QUERIES]
//
// "Strong": among the first 100 results, one of another edition scoring at
// least half the first result's score. Base languages count as editions
// (kk-Latn and kk are one).
#include <cstdio>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "bench/bench_data.h"
#include "newsidx/article.h"
#include "newsidx/searcher.h"

namespace {

// The capitalised words of a title (letters only, 4 bytes or more).
std::vector<std::string> capitalised_words(const std::string& title) {
  std::vector<std::string> out;
  std::string w;
  for (char c : title + " ") {
    const bool sep = c == ' ' || c == ',' || c == '.' || c == ':' || c == '"' || c == '(' || c == ')' || c == '?' ||
                     c == '!' || c == '-' || c == '\'' || c == ';';
    if (!sep) w += c;
    else if (!w.empty()) {
      const unsigned char first = static_cast<unsigned char>(w[0]);
      const bool upper_ascii = first >= 'A' && first <= 'Z';
      const bool non_ascii = first >= 0x80;  // Cyrillic capitals are checked by the editions found
      if ((upper_ascii || non_ascii) && w.size() >= 4) out.push_back(w);
      w.clear();
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: eval_edition_mix CORPUS NEWSIDX_DB [QUERIES]\n");
    return 2;
  }
  const std::size_t wanted = argc > 3 ? std::stoul(argv[3]) : 300;
  const auto lines = newsidx::bench::read_lines(argv[1]);
  const newsidx::Searcher searcher(argv[2]);
  std::mt19937 rng(42);
  std::set<std::string> tried;
  std::size_t queries = 0, one_edition = 0, one_with_strong_other = 0;
  std::map<std::string, std::size_t> alone_by_edition;
  for (std::size_t attempts = 0; queries < wanted && attempts < wanted * 50; ++attempts) {
    const auto article = nlohmann::json::parse(lines[rng() % lines.size()]);
    const auto words = capitalised_words(article.value("title", ""));
    if (words.empty()) continue;
    const std::string word = words[rng() % words.size()];
    if (!tried.insert(word).second) continue;
    newsidx::SearchRequest req;
    req.query = word;
    req.limit = 100;
    req.snippets = false;
    const auto hits = searcher.search(req).results;
    std::set<std::string> editions;
    for (const auto& h : hits) editions.insert(newsidx::base_language(h.lang));
    if (editions.size() < 2) continue;  // not a mixed query
    ++queries;
    std::set<std::string> first_page;
    for (std::size_t i = 0; i < hits.size() && i < 10; ++i) first_page.insert(newsidx::base_language(hits[i].lang));
    if (first_page.size() != 1) continue;
    ++one_edition;
    ++alone_by_edition[*first_page.begin()];
    for (const auto& h : hits)
      if (!first_page.count(newsidx::base_language(h.lang)) && h.score >= 0.5 * hits[0].score) {
        ++one_with_strong_other;
        break;
      }
  }
  std::printf("%zu mixed queries (a capitalised title word that articles of 2+ editions hold)\n", queries);
  std::printf("first page of one edition alone: %zu (%.1f%%)", one_edition,
              queries ? 100.0 * static_cast<double>(one_edition) / static_cast<double>(queries) : 0.0);
  for (const auto& [lang, n] : alone_by_edition) std::printf(" %s %zu", lang.c_str(), n);
  std::printf("\n  of them with another edition's match scoring at least half the first: %zu (%.1f%% of all)\n",
              one_with_strong_other,
              queries ? 100.0 * static_cast<double>(one_with_strong_other) / static_cast<double>(queries) : 0.0);
  return 0;
}
