#include "query/feedback.h"

#include <vector>

#include "query/column_bm25.h"

namespace newsidx {
namespace {

// Analysed words only: prefixed terms (ids, tags, skeletons...) start with
// an upper-case ASCII letter; and none of the query's own.
class WordsNotInQuery : public Xapian::ExpandDecider {
 public:
  explicit WordsNotInQuery(const Xapian::Query& q) : query_(q.get_unique_terms_begin(), q.get_unique_terms_end()) {}
  bool operator()(const std::string& term) const override {
    if (term.empty() || (term[0] >= 'A' && term[0] <= 'Z')) return false;
    for (const std::string& t : query_)
      if (t == term) return false;
    return true;
  }

 private:
  std::vector<std::string> query_;
};

}  // namespace

Xapian::Query with_feedback(const Xapian::Query& query, const Xapian::Database& db, double k1, double b,
                            const Feedback& feedback) {
  if (feedback.documents == 0 || feedback.terms == 0 || !(feedback.weight > 0)) return query;
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  enquire.set_weighting_scheme(Xapian::BM25Weight(k1, 0, 1, b, kMinNormalisedLength));
  const Xapian::MSet best = enquire.get_mset(0, feedback.documents);
  if (best.empty()) return query;
  Xapian::RSet rset;
  for (auto m = best.begin(); m != best.end(); ++m) rset.add_document(*m);
  const WordsNotInQuery decider(query);
  const Xapian::ESet words = enquire.get_eset(feedback.terms, rset, &decider);
  std::vector<Xapian::Query> added;
  for (auto t = words.begin(); t != words.end(); ++t) added.emplace_back(*t);
  if (added.empty()) return query;
  return Xapian::Query(Xapian::Query::OP_AND_MAYBE, query,
                       Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                     Xapian::Query(Xapian::Query::OP_OR, added.begin(), added.end()), feedback.weight));
}

}  // namespace newsidx
