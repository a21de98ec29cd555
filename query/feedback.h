// Pseudo-relevance feedback for any-words queries: the words that mark the
// best few matches, added to the query at a lower weight.
#pragma once

#include <xapian.h>

namespace newsidx {

struct Feedback {
  Xapian::doccount documents = 0;  // the best matches read (0: no feedback)
  Xapian::termcount terms = 0;     // words added, those Xapian's expand weight ranks highest
  double weight = 0;               // each added word's weight, against a query word's
};

// `query` ranked also by the feedback words of its best matches in `db`
// (by Xapian's BM25 with k1 and b): AND_MAYBE(query, SCALE_WEIGHT(OR(words),
// weight)), so that it matches what it matched. Only unprefixed terms
// (analysed words) are added.
Xapian::Query with_feedback(const Xapian::Query& query, const Xapian::Database& db, double k1, double b,
                            const Feedback& feedback);

}  // namespace newsidx
