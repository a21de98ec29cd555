// What the shard tests compare: a generated corpus of a few thousand
// articles (the sample's words, tags and categories recombined with a fixed
// seed, with re-publications), a table of queries covering every search
// feature, and the answers of one index rendered so that two indexes'
// answers compare exactly (scores to 1e-9 relative, separately).
#pragma once

#include <string>
#include <vector>

#include "newsidx/searcher.h"

namespace newsidx::test {

// Writes `count` articles built from the sample corpus to `path`; every
// tenth is a re-publication of the one before it under another id.
void write_generated_corpus(const std::string& path, std::size_t count, unsigned seed);

// At least 200 requests: words, pairs, phrases, title:, prefixes, OR and
// exclusions, with filters, dates, freshness at a fixed time, date order,
// pages, any-words, facets, snippets and all copies, in turn.
std::vector<SearchRequest> query_table();

// The ids of the sample corpus and of the first generated articles: the
// sources of related news to compare.
std::vector<std::string> related_sources();

// An answer as text without its scores, and its scores.
struct Rendered {
  std::string text;
  std::vector<double> scores;
};
Rendered render(const SearchRequest& request, const SearchResult& result);
Rendered render(const std::string& source, const std::vector<RelatedHit>& hits);
Rendered render(const PopularResult& result);

// Expects two renderings equal, scores to 1e-9 relative.
void expect_same(const Rendered& expected, const Rendered& actual, const std::string& what);

// Searches, related lists and popular lists of `a` and `b` compared; the
// number of answers compared.
std::size_t compare_searchers(const Searcher& a, const Searcher& b);

}  // namespace newsidx::test
