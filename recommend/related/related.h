// Related news: articles that share the source's editorial tags, its most
// telling terms and its category, published near it (the score is
// described in include/newsidx/searcher.h, RelatedHit).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsidx/searcher.h"

namespace newsidx {

class DocColumns;

// The parts of a candidate's score.
inline constexpr double kRelatedTermsWeight = 1.0;
inline constexpr double kRelatedTagWeight = 0.6;
inline constexpr double kRelatedCategoryWeight = 0.25;
inline constexpr double kRelatedRecencyWeight = 0.3;
// Telling terms of the source the candidates are ranked by.
inline constexpr std::size_t kRelatedTerms = 20;
// Candidates ranked by terms and tags before category and recency are added.
inline constexpr std::size_t kRelatedCandidates = 50;

// nullopt when no article has `id`. `columns`: those of db's very commit,
// or null (the values and lengths are then read from the index). `remote`:
// db's shards are on shard servers, where each lookup is a round trip.
std::optional<std::vector<RelatedHit>> find_related(const Xapian::Database& db, const std::string& id,
                                                    const RelatedOptions& options, const DocColumns* columns,
                                                    bool remote = false);

// The relevance-feedback terms of one document, best first: unprefixed, with
// a letter, at least two characters (one for Chinese), and in between 2 and
// 10% of the articles (one-off terms and stop words say nothing of a topic).
std::vector<std::pair<std::string, double>> telling_terms(const Xapian::Database& db, Xapian::docid did,
                                                          std::size_t count);

}  // namespace newsidx
