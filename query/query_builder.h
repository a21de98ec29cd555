// Turns a parsed query into a Xapian query, reading every word through the
// analyzer.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsidx/analyzer.h"
#include "query/query_parser.h"

namespace newsidx {

// Weight of a loose (skeleton) reading against an exact one.
inline constexpr double kLooseWeight = 0.5;
// Most readings of one phrase in one language.
inline constexpr std::size_t kMaxPhraseReadings = 16;
// Most terms a word* prefix expands to (the most frequent ones).
inline constexpr Xapian::termcount kMaxPrefixTerms = 100;

// A title: clause: at least one of `terms` for each word must stand in the title.
struct TitleClause {
  std::vector<std::vector<std::string>> words;
  bool negated = false;
};

struct CompiledQuery {
  Xapian::Query query;                 // matches and ranks
  std::vector<TitleClause> title;      // checked per document after matching
  std::vector<QueryWord> positive;     // every word the query asks for: highlighting, suggestions
  std::size_t ranked_words = 0;        // words required at the top level (relaxing needs 2+)
  bool ranks = false;                  // false when the query is filters only
};

// Whether a term is in the index. Readings that are not are left out of the
// query: each leaf costs Xapian a posting-list open, and most readings of a
// word (its Kazakh reading when it is Russian, say) are in no article.
using TermExists = std::function<bool(const std::string& term)>;

// `any`: top-level words are OR'd instead of AND'd. Title clauses inside OR
// or nested NOT are read as plain words. `exists` may be empty (keep all).
CompiledQuery compile_query(const QueryNode& root, Analyzer& analyzer,
                            const std::optional<std::string>& lang, bool any, const TermExists& exists = {});

// One word: every exact reading as one synonym, Chinese bigrams of a long
// word, and the loose readings at kLooseWeight.
Xapian::Query word_query(const QueryWord& word);

}  // namespace newsidx
