// Turns analysed query words into a Xapian query.
#pragma once

#include <vector>

#include <xapian.h>

#include "newsidx/analyzer.h"

namespace newsidx {

// Weight of a loose (skeleton) reading against an exact one.
inline constexpr double kLooseWeight = 0.5;

// One word: every exact reading as one synonym, Chinese bigrams of a long
// word, and the loose readings at kLooseWeight.
Xapian::Query word_query(const QueryWord& word);

// All words must match (OP_AND), or any of them (OP_OR) with `any`.
Xapian::Query words_query(const std::vector<QueryWord>& words, bool any);

}  // namespace newsidx
