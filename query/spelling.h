// "Did you mean": spelling suggestions from the indexed vocabulary.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsidx/analyzer.h"
#include "query/query_builder.h"
#include "query/query_parser.h"

namespace newsidx {

// A search with fewer results than this gets a spelling suggestion.
inline constexpr std::size_t kSuggestBelow = 3;

// For each query word none of whose readings is in the index, the indexed
// term of the same reading nearest by edit distance (at most 1 for words of
// up to four letters, else 2; ties go to the more frequent term), shown as
// the word form an article that holds it actually uses. Returns the query
// text with those words replaced, or "" when nothing was replaced.
// `words` hold offsets into `query`; only terms in the script the word was
// typed in are considered, so a suggestion keeps the reader's script.
// `freq` tells whether a reading is indexed (the search's cached
// frequencies: over shard servers each lookup would be a round trip).
// Only terms that an article visible at `now` holds are suggested.
std::string suggest_spelling(const Xapian::Database& db, Analyzer& analyzer, const TermFreq& freq,
                             const std::string& query, const std::vector<QueryWord>& words, std::int64_t now);

// The plain words of a parsed query (not field filters or dates), with
// offsets into the query text.
std::vector<QueryWord> plain_words(Analyzer& analyzer, const QueryNode& root, const std::optional<std::string>& lang);

// Levenshtein distance in code points, or limit + 1 once it exceeds limit.
std::size_t edit_distance(const std::u32string& a, const std::u32string& b, std::size_t limit);

}  // namespace newsidx
