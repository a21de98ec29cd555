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
#include "query/word_bitmaps.h"

namespace newsidx {

// How the top-level words of a query combine.
enum class Combine {
  All,      // every word required (the default)
  Any,      // any word, ranked by how many and how rare (--any)
  Relaxed,  // the fallback when All finds nothing: any of the kRelaxedWords rarest words
};

// Words a relaxed query ranks by: Xapian's OP_ELITE_SET keeps the rarest.
// An OR over every word of a long Chinese headline costs milliseconds, and
// its best results are those with the rarest words anyway.
inline constexpr Xapian::termcount kRelaxedWords = 5;

// Weight of a loose (skeleton) reading against an exact one.
inline constexpr double kLooseWeight = 0.5;
// Most readings of one phrase in one language.
inline constexpr std::size_t kMaxPhraseReadings = 16;
// Most terms a word* prefix expands to (the most frequent ones).
inline constexpr Xapian::termcount kMaxPrefixTerms = 100;
// Most distinct word* prefixes one query expands (a repeated one is one);
// later ones match as the plain word. Each costs up to kMaxPrefixTerms
// posting lists, so a query of hundreds of prefixes took seconds.
inline constexpr std::size_t kMaxPrefixes = 8;

// A title: clause: at least one of `terms` for each word must stand in the title.
struct TitleClause {
  std::vector<std::vector<std::string>> words;
  bool negated = false;
};

struct CompiledQuery {
  Xapian::Query query;              // matches and ranks
  std::vector<TitleClause> title;   // checked per document after matching
  std::vector<QueryWord> positive;  // every word the query asks for: highlighting, suggestions
  std::size_t ranked_words = 0;     // words required at the top level (relaxing needs 2+)
  bool ranks = false;               // false when the query is filters only
  bool words_only = false;          // plain words, no other clause: `positive` are all it asks for
};

// How many articles hold a term (0: none). Readings no article has are left
// out of the query: each leaf costs Xapian a posting-list open, and most
// readings of a word (its Kazakh reading when it is Russian, say) are in no
// article.
using TermFreq = std::function<Xapian::doccount(const std::string& term)>;
// The terms of the index that begin with a prefix: at most `max`, those in
// most articles (ties by term). Chosen over the whole index, where Xapian's
// OP_WILDCARD chooses on each shard by that shard's frequencies.
using PrefixTerms = std::function<std::vector<std::string>(const std::string& prefix, std::size_t max)>;

// Frequent words of an all-words query become one filter (word_filters.h):
// the words in at least `from` articles (summing their readings) are matched
// by `bitmap(words)` (without it, as zero-weight filters of the words) and
// add no weight. The rarest word stays ranked when nothing else in the query
// ranks. `from` 0: never.
struct FrequentWords {
  Xapian::doccount from = 0;
  std::function<std::shared_ptr<const DocBitmap>(const std::vector<QueryWord>&)> bitmap;
  std::string all_uuids;  // of the database the bitmaps' docids are of (BitmapSource)
};

// A proximity boost: an article where two adjacent top-level words of the
// query stand within `window` positions of each other, in order, gains
// `weight` times those two words' BM25 weight (Xapian's OP_PHRASE weighs
// as the sum of its words). Only words in under `max_share` of the
// `articles` make pairs: a pair of common words ("high speed") stands
// together in many articles and says little of any (on Cranfield every pair
// boosted cost 4 points of nDCG@10), and its positions are long to read.
// weight 0: no boost.
struct Proximity {
  double weight = 0;
  Xapian::termpos window = 2;
  double max_share = 0.05;
  Xapian::doccount articles = 0;
};

// Most word pairs one query boosts.
inline constexpr std::size_t kMaxProximityPairs = 16;

// Title clauses inside OR or nested NOT are read as plain words. `freq` may
// be empty (keep every reading, no frequent words).
CompiledQuery compile_query(const QueryNode& root, Analyzer& analyzer, const std::optional<std::string>& lang,
                            Combine combine, const TermFreq& freq = {}, const FrequentWords& frequent = {},
                            const PrefixTerms& prefix_terms = {}, const Proximity& proximity = {});

// PrefixTerms over a database.
std::vector<std::string> most_frequent_with_prefix(const Xapian::Database& db, const std::string& prefix,
                                                   std::size_t max);

// The boolean term of an exact field: lang (any code of the language), tag,
// category or author (folded, as indexed).
std::string filter_term(const std::string& field, const std::string& value);

// One word: every exact reading as one synonym, Chinese bigrams of a long
// word, and the loose readings at kLooseWeight.
Xapian::Query word_query(const QueryWord& word);

}  // namespace newsidx
