// One search over one commit of the index: the query compiled, the page
// ranked (re-publications collapsed), the facets counted, the hits built and,
// with few results, a spelling suggested. searcher/ supplies the commit's
// state; this is query text in, ranked results out.
#pragma once

#include <functional>
#include <memory>
#include <unordered_map>

#include <xapian.h>

#include "index/doc_columns.h"
#include "newsidx/analyzer.h"
#include "newsidx/searcher.h"
#include "query/feedback.h"
#include "query/match_values.h"
#include "query/query_builder.h"
#include "query/query_parser.h"

namespace newsidx {

struct SearchContext {
  const Xapian::Database& db;  // the commit searched
  Analyzer& analyzer;          // this thread's
  TermFreq term_freq;
  FrequentWords frequent;
  PrefixTerms prefix_terms;
  // The latest document columns read, perhaps of an older commit: enough
  // for collapsing (a newer document is just not collapsed). Null only when
  // `remote`.
  std::shared_ptr<const DocColumns> latest_columns;
  // The columns of this very commit, or null while they are being read:
  // BM25 lengths and result summaries come from them when they are here.
  std::shared_ptr<const DocColumns> commit_columns;
  // Reads the columns of this very commit at once (facets must count it).
  std::function<std::shared_ptr<const DocColumns>()> read_commit_columns;
  // Some shard is on a shard server: no columns, bitmaps or unregistered
  // pieces; re-publications are told by Xapian's collapse key, facets
  // counted by FacetValueSpy on the shards.
  bool remote = false;
  double bm25_k1 = 1.2, bm25_b = 0.75;
  Proximity proximity{};
  Feedback feedback{};  // for a request that asks for it
  bool mix_editions = true;  // edition_mix.h
  // Over shard servers: the summaries and fingerprints of the matches
  // ranked so far in this search (match_values.h).
  std::unordered_map<Xapian::docid, MatchValues> remote_values{};
  std::size_t exact_total_up_to = 100;
  // When set, asked once per compile for every term term_freq will be
  // asked about, so that it can fetch them in one go (over shard servers
  // each lookup is a round trip per shard).
  std::function<void(const std::vector<std::string>&)> prefetch_term_freqs = nullptr;
};

// The request is valid (Searcher::search checked it).
SearchResult run_search(const SearchRequest& request, const ParsedQuery& parsed, SearchContext& context);

}  // namespace newsidx
