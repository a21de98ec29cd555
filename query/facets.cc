#include "query/facets.h"

#include <chrono>

namespace newsidx {

bool count_bitmap(const DocBitmap& matches, FacetSpy& spy, double time_limit_seconds) {
  const auto start = std::chrono::steady_clock::now();
  std::size_t n = 0;
  for (DocId did = matches.next_from(1); did != 0; did = matches.next_from(did + 1)) {
    spy.add(did);
    if (++n % 4096 == 0 && time_limit_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > time_limit_seconds)
      return false;
  }
  return true;
}

bool count_matches(const Xapian::Database& db, const Xapian::Query& query, FacetSpy& spy, double time_limit_seconds) {
  // BoolWeight: counting needs every match but no weights, which is cheaper
  // than ranking them all.
  Xapian::Enquire counting(db);
  const Xapian::Query cursor((new DocCursor(spy.current_, db.get_uuid()))->release());
  counting.set_query(Xapian::Query(Xapian::Query::OP_AND, query, cursor));
  counting.set_weighting_scheme(Xapian::BoolWeight());
  counting.add_matchspy(&spy);
  if (time_limit_seconds > 0) counting.set_time_limit(time_limit_seconds);
  const Xapian::MSet counted = counting.get_mset(0, 0, db.get_doccount());
  // A time limit stops the pass early; the bounds may still agree.
  return counted.get_matches_lower_bound() == counted.get_matches_upper_bound() &&
         spy.seen() == counted.get_matches_upper_bound();
}

}  // namespace newsidx
