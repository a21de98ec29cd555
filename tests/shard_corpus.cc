#include "tests/shard_corpus.h"

#include <cmath>
#include <fstream>
#include <random>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/test_util.h"

namespace newsidx::test {
namespace {

using nlohmann::json;

std::vector<json> sample() {
  std::vector<json> out;
  std::ifstream in(sample_articles());
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(json::parse(line));
  return out;
}

std::vector<std::string> split_words(const std::string& text) {
  std::vector<std::string> words;
  std::istringstream in(text);
  for (std::string w; in >> w;) {
    while (!w.empty() && std::string(".,:;!?\"()").find(w.back()) != std::string::npos) w.pop_back();
    if (!w.empty()) words.push_back(w);
  }
  return words;
}

template <class T>
const T& pick(const std::vector<T>& from, std::mt19937& rng) {
  return from[std::uniform_int_distribution<std::size_t>(0, from.size() - 1)(rng)];
}

std::string random_text(const std::vector<std::string>& vocabulary, std::size_t words, std::mt19937& rng) {
  std::string text;
  for (std::size_t i = 0; i < words; ++i) text += (i ? " " : "") + pick(vocabulary, rng);
  return text + ".";
}

}  // namespace

void write_generated_corpus(const std::string& path, std::size_t count, unsigned seed) {
  const auto base = sample();
  std::map<std::string, std::vector<std::string>> words_of_lang;
  std::vector<std::string> tags, categories, authors;
  for (const auto& a : base) {
    for (const char* field : {"title", "lead", "body"})
      for (auto& w : split_words(a.value(field, ""))) words_of_lang[a["lang"]].push_back(w);
    for (const auto& t : a.value("tags", json::array())) tags.push_back(t);
    if (a.contains("category")) categories.push_back(a["category"]);
    if (a.contains("author")) authors.push_back(a["author"]);
  }
  std::mt19937 rng(seed);
  std::ofstream out(path);
  json previous;
  for (std::size_t i = 0; i < count; ++i) {
    json a;
    if (i % 10 == 9) {  // a re-publication of the one before
      a = previous;
    } else {
      const json& model = base[i % base.size()];
      const auto& vocabulary = words_of_lang[model["lang"]];
      a["lang"] = model["lang"];
      a["title"] = random_text(vocabulary, 3 + rng() % 5, rng);
      a["lead"] = random_text(vocabulary, 6 + rng() % 8, rng);
      a["body"] = random_text(vocabulary, 20 + rng() % 60, rng);
      json t = json::array();
      for (unsigned k = rng() % 4; k > 0; --k) t.push_back(pick(tags, rng));
      a["tags"] = t;
      a["category"] = pick(categories, rng);
      a["author"] = pick(authors, rng);
      char date[40];
      std::snprintf(date, sizeof date, "20%02u-%02u-%02uT%02u:00:00Z", 22 + static_cast<unsigned>(rng() % 3),
                    1 + static_cast<unsigned>(rng() % 12), 1 + static_cast<unsigned>(rng() % 28),
                    static_cast<unsigned>(rng() % 24));
      a["published"] = date;
    }
    a["id"] = "gen-" + std::to_string(i);
    a["url"] = "https://news.example.kz/gen/" + std::to_string(i);
    out << a.dump() << "\n";
    previous = a;
  }
}

std::vector<SearchRequest> query_table() {
  const auto base = sample();
  std::vector<std::string> texts;
  for (std::size_t i = 0; i < base.size(); ++i) {
    const auto words = split_words(base[i]["title"]);
    const auto other = split_words(base[(i + 7) % base.size()]["title"]);
    if (words.empty() || other.empty()) continue;
    const std::string& w1 = words[0];
    const std::string& w2 = words.size() > 1 ? words[1] : other[0];
    texts.push_back(w1);
    texts.push_back(w1 + " " + w2);
    texts.push_back("\"" + w1 + " " + w2 + "\"");
    texts.push_back("title:" + w2);
    if (w1.size() >= 8) texts.push_back(w1.substr(0, w1.size() / 2 & ~std::size_t{1}) + "*");
    texts.push_back(w1 + " OR " + other[0]);
    texts.push_back(w2 + " -" + other.back());
  }
  // Misspelled: a title's first word without its last letter (did-you-mean).
  for (std::size_t i = 0; i < base.size(); i += 2) {
    const auto words = split_words(base[i]["title"]);
    if (words.empty()) continue;
    std::string word = words[0];
    std::size_t last = word.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(word[last]) & 0xC0) == 0x80) --last;  // a code point's first byte
    if (last >= 5) texts.push_back(word.substr(0, last));
  }
  std::vector<std::string> authors;
  for (const auto& a : base)
    if (a.contains("author")) authors.push_back(a["author"]);
  std::vector<SearchRequest> table;
  for (std::size_t i = 0; i < texts.size(); ++i) {
    const json& a = base[(i / 6) % base.size()];
    SearchRequest r;
    r.query = texts[i];
    switch (i % 12) {
      case 0:  // half of these by one author
        if (!authors.empty() && i / 12 % 2 == 1) r.author = authors[i / 24 % authors.size()];
        break;
      case 1: r.any = true, r.feedback = i / 12 % 2 == 1; break;  // feedback: words of the best matches too
      case 2: r.lang = a["lang"].get<std::string>(); break;
      case 3: r.sort = SortOrder::Date; break;
      case 4: r.offset = 5, r.limit = 5; break;
      case 5: r.facets = true; break;
      case 6: r.fresh = true, r.now = 1717200000, r.fresh_half_life_days = 30; break;
      case 7: r.since = 1672531200, r.until = 1719705600; break;
      case 8: r.collapse_duplicates = false; break;
      case 9: r.snippets = false, r.limit = 20; break;
      case 10: r.tags = {a["tags"].empty() ? std::string("Kazakhstan") : a["tags"][0].get<std::string>()}; break;
      case 11: r.category = a.value("category", "politics"), r.facets = true; break;
      default: break;
    }
    table.push_back(r);
  }
  SearchRequest all;  // no words: every article, newest first, with facets
  all.sort = SortOrder::Date;
  all.facets = true;
  all.limit = 50;
  all.since = 0;
  table.push_back(all);
  return table;
}

std::vector<std::string> related_sources() {
  std::vector<std::string> ids;
  for (const auto& a : sample()) ids.push_back(a["id"]);
  for (int i = 0; i < 30; ++i) ids.push_back("gen-" + std::to_string(i * 37));
  return ids;
}

namespace {

void summary_line(std::ostringstream& out, const ArticleSummary& s) {
  out << s.id << " | " << s.title << " | " << s.url << " | " << s.lang << " | " << s.published << " | " << s.category
      << " |";
  for (const auto& t : s.tags) out << " " << t << ";";
}

}  // namespace

Rendered render(const SearchRequest& request, const SearchResult& r) {
  Rendered out;
  std::ostringstream text;
  text << "query " << request.query << " | any " << request.any << " feedback " << request.feedback << " lang "
       << request.lang.value_or("-") << " date " << (request.sort == SortOrder::Date) << " page " << request.offset
       << "+" << request.limit << " facets " << request.facets << " fresh " << request.fresh << " since "
       << request.since.value_or(-1) << " until " << request.until.value_or(-1) << " collapse "
       << request.collapse_duplicates << " snippets " << request.snippets << " category "
       << request.category.value_or("-") << " author " << request.author.value_or("-") << " tags";
  for (const auto& t : request.tags) text << " " << t;
  text << "\n";
  text << "total " << (r.total_exact ? std::to_string(r.total) : "inexact") << "\nrelaxed " << r.relaxed << " plain "
       << r.plain_words << " problem " << r.problem << "\nread as " << r.read_as << "\nsuggestion " << r.suggestion
       << "\nfacets exact " << r.facets_exact << " timed out " << r.timed_out << "\n";
  for (const auto& [facet, values] : r.facets) {
    text << "facet " << facet << ":";
    for (const auto& v : values) text << " " << v.value << "=" << v.count;
    text << "\n";
  }
  for (const auto& h : r.results) {
    summary_line(text, h);
    text << " duplicates " << h.duplicates << "\n  snippet:";
    for (const auto& span : h.snippet)
      text << (span.highlight ? " [" : " ") << span.text << (span.highlight ? "]" : "");
    text << "\n";
    out.scores.push_back(h.score);
  }
  out.text = text.str();
  return out;
}

Rendered render(const std::string& source, const std::vector<RelatedHit>& hits) {
  Rendered out;
  std::ostringstream text;
  text << "related " << source << "\n";
  for (const auto& h : hits) {
    summary_line(text, h);
    text << "\n";
    out.scores.push_back(h.score);
    if (!h.explanation) continue;
    const RelatedExplanation& e = *h.explanation;
    text << "  tags:";
    for (const auto& t : e.shared_tags) text << " " << t;
    text << "\n  terms:";
    for (const auto& t : e.shared_terms) text << " " << t;
    text << "\n";
    for (double part : {e.terms, e.tags, e.category, e.recency}) out.scores.push_back(part);
  }
  out.text = text.str();
  return out;
}

Rendered render(const PopularResult& r) {
  Rendered out;
  std::ostringstream text;
  text << "popular " << r.from << " " << r.to << "\n";
  for (const auto& h : r.results) {
    summary_line(text, h);
    text << " views " << h.views << "\n";
    out.scores.push_back(h.score);
  }
  out.text = text.str();
  return out;
}

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

// The first line where two renderings differ, with both versions.
std::string first_difference(const std::string& a, const std::string& b) {
  const auto la = lines_of(a), lb = lines_of(b);
  for (std::size_t i = 0; i < std::max(la.size(), lb.size()); ++i) {
    const std::string x = i < la.size() ? la[i] : "(none)", y = i < lb.size() ? lb[i] : "(none)";
    if (x != y) return "line " + std::to_string(i + 1) + ":\n  expected: " + x + "\n  actual:   " + y;
  }
  return "";
}

}  // namespace

void expect_same(const Rendered& expected, const Rendered& actual, const std::string& what) {
  // Where one index estimates the total, shards may count it exactly (each
  // shard checks its first 100 matches): only an exact total must agree.
  std::string got = actual.text;
  const std::string inexact = "\ntotal inexact\n";
  if (const auto at = expected.text.find(inexact); at != std::string::npos && got.compare(0, at, expected.text, 0, at) == 0) {
    const auto end = got.find('\n', at + 1);
    if (got.compare(at, 7, "\ntotal ") == 0 && end != std::string::npos) got.replace(at, end - at + 1, inexact);
  }
  if (expected.text != got) {
    ADD_FAILURE() << what << "\n" << first_difference(expected.text, got);
    return;
  }
  ASSERT_EQ(expected.scores.size(), actual.scores.size()) << what;
  for (std::size_t i = 0; i < expected.scores.size(); ++i)
    EXPECT_NEAR(expected.scores[i], actual.scores[i], 1e-9 * std::max(1.0, std::fabs(expected.scores[i])))
        << what << " score " << i;
}

std::size_t compare_searchers(const Searcher& a, const Searcher& b) {
  std::size_t compared = 0;
  for (const SearchRequest& r : query_table()) {
    const Rendered expected = render(r, a.search(r));
    expect_same(expected, render(r, b.search(r)), expected.text.substr(0, expected.text.find('\n')));
    ++compared;
  }
  std::size_t n = 0;
  for (const std::string& id : related_sources()) {
    RelatedOptions o;
    o.explain = n % 2 == 0;
    o.any_lang = n % 3 == 1;
    o.limit = n % 4 == 3 ? 10 : 5;
    ++n;
    const auto expected = a.related(id, o), actual = b.related(id, o);
    EXPECT_EQ(expected.has_value(), actual.has_value()) << id;
    if (expected && actual) expect_same(render(id, *expected), render(id, *actual), "related: " + id);
    ++compared;
  }
  for (int variant = 0; variant < 4; ++variant) {
    PopularRequest p;
    p.window_seconds = variant == 0 ? 0 : 7 * 86400;
    p.at = 1710806400;  // 2024-03-19, after the sample log
    if (variant == 2) p.lang = "kk";
    p.trending = variant == 3;
    p.top = 10;
    expect_same(render(a.popular(p)), render(b.popular(p)), "popular " + std::to_string(variant));
    ++compared;
  }
  return compared;
}

}  // namespace newsidx::test
