#include "query/query_builder.h"

#include "indexer/schema.h"

namespace newsidx {

Xapian::Query word_query(const QueryWord& word) {
  std::vector<Xapian::Query> exact;
  for (const auto& t : word.terms) exact.emplace_back(t);
  if (!word.bigrams.empty()) {
    std::vector<Xapian::Query> parts(word.bigrams.begin(), word.bigrams.end());
    exact.emplace_back(Xapian::Query::OP_AND, parts.begin(), parts.end());
  }
  Xapian::Query q(Xapian::Query::OP_SYNONYM, exact.begin(), exact.end());
  if (word.loose.empty()) return q;
  std::vector<Xapian::Query> loose;
  for (const auto& s : word.loose) loose.emplace_back(schema::kSkeleton + s);
  Xapian::Query l(Xapian::Query::OP_SYNONYM, loose.begin(), loose.end());
  return Xapian::Query(Xapian::Query::OP_OR, q, Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, l, kLooseWeight));
}

Xapian::Query words_query(const std::vector<QueryWord>& words, bool any) {
  std::vector<Xapian::Query> parts;
  for (const auto& w : words) parts.push_back(word_query(w));
  return Xapian::Query(any ? Xapian::Query::OP_OR : Xapian::Query::OP_AND, parts.begin(), parts.end());
}

}  // namespace newsidx
