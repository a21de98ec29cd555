// Pseudo-relevance feedback for any-words queries: the words that mark the
// best few matches, added to the query at a lower weight.
#pragma once

#include <vector>

#include <xapian.h>

namespace newsidx {

struct Feedback {
  Xapian::doccount documents = 0;  // the best matches read (0: no feedback)
  Xapian::termcount terms = 0;     // words added, those Xapian's expand weight ranks highest
  double weight = 0;               // each added word's weight, against a query word's
};

// `query` ranked also by the feedback words of `best`, its best matches in
// db (in rank order): AND_MAYBE(query, SCALE_WEIGHT(OR(words), weight)), so
// that it matches what it matched. The words are analysed ones (no
// prefixed terms) that the query does not have, those Xapian's
// Enquire::get_eset chooses from the statistics of one index. They are
// weighed here with every frequency exact (Xapian estimates them over
// several shards) and, with `remote`, fetched from the shard servers in one
// exchange (Xapian asks for each word in turn: 150 ms a search at 100k
// articles on four).
Xapian::Query with_feedback(const Xapian::Query& query, const Xapian::Database& db,
                            const std::vector<Xapian::docid>& best, const Feedback& feedback, bool remote);

}  // namespace newsidx
