#include "query/feedback.h"

#include <set>
#include <string>
#include <unordered_map>

#include "query/expansion.h"
#include "query/term_lists.h"

namespace newsidx {
namespace {

// The words of the best matches that the query does not have, read in the
// order given (over shard servers on the servers, in one match), and how
// many of the matches were read.
struct Relevant {
  ExpandTerms words;
  Xapian::doccount documents = 0;
};

Relevant words_of_best(const Xapian::Database& db, const std::vector<Xapian::docid>& best, const Xapian::Query& query,
                       bool remote) {
  const std::set<std::string> in_query(query.get_unique_terms_begin(), query.get_unique_terms_end());
  std::unordered_map<Xapian::docid, DocWords> lists;
  if (remote) lists = words_in_one_match(db, best);
  const double average = db.get_avlength();
  Relevant out;
  std::vector<std::pair<std::string, Xapian::termcount>> kept;
  for (const Xapian::docid did : best) {
    const auto sent = lists.find(did);
    if (remote && sent == lists.end()) continue;  // gone since it matched
    const DocWords doc = remote ? std::move(sent->second) : words_of(db, did);
    kept.clear();
    for (const auto& word : doc.words)
      if (in_query.count(word.first) == 0) kept.push_back(word);
    add_relevant(out.words, kept, doc.length, average);
    ++out.documents;
  }
  return out;
}

// How many articles hold each word: over shard servers in one exchange.
std::unordered_map<std::string, Xapian::doccount> frequencies(const Xapian::Database& db, const ExpandTerms& words,
                                                              bool remote) {
  std::vector<std::string> terms;
  for (const auto& [term, _] : words) terms.push_back(term);
  if (remote) return term_freqs_on_shard_servers(db, terms);
  std::unordered_map<std::string, Xapian::doccount> freqs;
  for (const auto& t : terms) freqs[t] = db.get_termfreq(t);
  return freqs;
}

}  // namespace

Xapian::Query with_feedback(const Xapian::Query& query, const Xapian::Database& db,
                            const std::vector<Xapian::docid>& best, const Feedback& feedback, bool remote) {
  if (best.empty() || feedback.terms == 0 || !(feedback.weight > 0)) return query;
  const Relevant relevant = words_of_best(db, best, query, remote);
  const auto chosen = expand(relevant.words, frequencies(db, relevant.words, remote), db.get_doccount(),
                             relevant.documents, feedback.terms);
  if (chosen.empty()) return query;
  std::vector<Xapian::Query> added;
  for (const auto& [term, _] : chosen) added.emplace_back(term);
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, added.begin(), added.end()), feedback.weight));
}

}  // namespace newsidx
