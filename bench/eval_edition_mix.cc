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
// (kk-Latn and kk are one). The queries are chosen without the edition mix
// rule (query/edition_mix.h), then each is searched without it and with it
// (the default), so that both figures come from one run.
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

struct Mix {
  std::size_t one_edition = 0, one_with_strong_other = 0;
  std::map<std::string, std::size_t> alone_by_edition;
};

std::vector<newsidx::SearchHit> first_100(const newsidx::Searcher& searcher, const std::string& word) {
  newsidx::SearchRequest req;
  req.query = word;
  req.limit = 100;
  req.snippets = false;
  return searcher.search(req).results;
}

void count(const std::vector<newsidx::SearchHit>& hits, Mix& mix) {
  std::set<std::string> first_page;
  for (std::size_t i = 0; i < hits.size() && i < 10; ++i) first_page.insert(newsidx::base_language(hits[i].lang));
  if (first_page.size() != 1) return;
  ++mix.one_edition;
  ++mix.alone_by_edition[*first_page.begin()];
  for (const auto& h : hits)
    if (!first_page.count(newsidx::base_language(h.lang)) && h.score >= 0.5 * hits[0].score) {
      ++mix.one_with_strong_other;
      return;
    }
}

double percent(std::size_t part, std::size_t whole) {
  return whole ? 100.0 * static_cast<double>(part) / static_cast<double>(whole) : 0.0;
}

void print(const char* name, const Mix& mix, std::size_t queries) {
  std::printf("%s: first page of one edition alone %zu (%.1f%%)", name, mix.one_edition,
              percent(mix.one_edition, queries));
  for (const auto& [lang, n] : mix.alone_by_edition) std::printf(" %s %zu", lang.c_str(), n);
  std::printf("; of them with another edition's match scoring at least half the first: %zu (%.1f%% of all)\n",
              mix.one_with_strong_other, percent(mix.one_with_strong_other, queries));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: eval_edition_mix CORPUS NEWSIDX_DB [QUERIES]\n");
    return 2;
  }
  const std::size_t wanted = argc > 3 ? std::stoul(argv[3]) : 300;
  const auto lines = newsidx::bench::read_lines(argv[1]);
  newsidx::SearcherOptions unmixed_options;
  unmixed_options.mix_editions = false;
  const newsidx::Searcher unmixed(argv[2], unmixed_options);
  const newsidx::Searcher mixed(argv[2]);  // the default: the edition mix rule on
  std::mt19937 rng(42);
  std::set<std::string> tried;
  std::size_t queries = 0, first_page_changed = 0;
  Mix before, after;
  for (std::size_t attempts = 0; queries < wanted && attempts < wanted * 50; ++attempts) {
    const auto article = nlohmann::json::parse(lines[rng() % lines.size()]);
    const auto words = capitalised_words(article.value("title", ""));
    if (words.empty()) continue;
    const std::string word = words[rng() % words.size()];
    if (!tried.insert(word).second) continue;
    const auto hits = first_100(unmixed, word);
    std::set<std::string> editions;
    for (const auto& h : hits) editions.insert(newsidx::base_language(h.lang));
    if (editions.size() < 2) continue;  // not a mixed query
    ++queries;
    count(hits, before);
    const auto mixed_hits = first_100(mixed, word);
    count(mixed_hits, after);
    for (std::size_t i = 0; i < 10 && i < hits.size(); ++i)
      if (mixed_hits.at(i).id != hits[i].id) {
        ++first_page_changed;
        break;
      }
  }
  std::printf("%zu mixed queries (a capitalised title word that articles of 2+ editions hold)\n", queries);
  print("without the rule", before, queries);
  print("with the rule   ", after, queries);
  std::printf("first pages the rule changed: %zu (%.1f%%)\n", first_page_changed, percent(first_page_changed, queries));
  return 0;
}
