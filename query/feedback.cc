#include "query/feedback.h"

#include <set>
#include <string>
#include <unordered_map>

#include "index/shards.h"
#include "query/expansion.h"

namespace newsidx {
namespace {

// Analysed words only: prefixed terms (ids, tags, skeletons...) start with
// an upper-case ASCII letter.
bool is_word(const std::string& term) { return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z'); }

// The words of `best` that the query does not have, from their term lists
// (a document's length is the sum of its wdfs: over shard servers
// get_doclength would be one more round trip each).
ExpandTerms words_of(const Xapian::Database& db, const std::vector<Xapian::docid>& best, const Xapian::Query& query) {
  const std::set<std::string> in_query(query.get_unique_terms_begin(), query.get_unique_terms_end());
  const double average = db.get_avlength();
  ExpandTerms words;
  std::vector<std::pair<std::string, Xapian::termcount>> terms;
  for (const Xapian::docid did : best) {
    terms.clear();
    Xapian::termcount length = 0;
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t) {
      length += t.get_wdf();
      if (is_word(*t) && in_query.count(*t) == 0) terms.emplace_back(*t, t.get_wdf());
    }
    add_relevant(words, terms, length, average);
  }
  return words;
}

// How many articles hold each word: over shard servers in one exchange.
std::unordered_map<std::string, Xapian::doccount> frequencies(const Xapian::Database& db, const ExpandTerms& words,
                                                              bool remote) {
  std::vector<std::string> terms;
  for (const auto& [term, _] : words) terms.push_back(term);
  if (remote) return store::term_freqs(db, terms);
  std::unordered_map<std::string, Xapian::doccount> freqs;
  for (const auto& t : terms) freqs[t] = db.get_termfreq(t);
  return freqs;
}

}  // namespace

Xapian::Query with_feedback(const Xapian::Query& query, const Xapian::Database& db,
                            const std::vector<Xapian::docid>& best, const Feedback& feedback, bool remote) {
  if (best.empty() || feedback.terms == 0 || !(feedback.weight > 0)) return query;
  const ExpandTerms words = words_of(db, best, query);
  const auto chosen = expand(words, frequencies(db, words, remote), db.get_doccount(),
                             static_cast<Xapian::doccount>(best.size()), feedback.terms);
  if (chosen.empty()) return query;
  std::vector<Xapian::Query> added;
  for (const auto& [term, _] : chosen) added.emplace_back(term);
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, added.begin(), added.end()), feedback.weight));
}

}  // namespace newsidx
