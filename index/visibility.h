// What readers may see: no withheld or canceled article, none under
// embargo. A query-time condition, so an embargo ends to the second
// without anything being written.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_set>

#include <xapian.h>

#include "index/schema.h"
#include "index/stored_article.h"

namespace newsidx {

// `q` without the articles hidden at `now` (unix seconds). Cheap when none
// is: Xapian drops a term with no postings and a value range beyond the
// slot's bounds.
inline Xapian::Query visible_only(const Xapian::Query& q, std::int64_t now) {
  using Q = Xapian::Query;
  const Q hidden(Q::OP_OR, Q(schema::kHidden),
                 Q(Q::OP_VALUE_GE, schema::kSlotEmbargo, Xapian::sortable_serialise(static_cast<double>(now) + 1)));
  return Q(Q::OP_AND_NOT, q, hidden);
}

// Whether no article is hidden at `now`, from the index's statistics alone:
// then counts taken beside the match (facets from word bitmaps) need no filter.
inline bool all_visible(const Xapian::Database& db, std::int64_t now) {
  const std::string latest_embargo = db.get_value_upper_bound(schema::kSlotEmbargo);
  return db.get_termfreq(schema::kHidden) == 0 &&
         (latest_embargo.empty() || Xapian::sortable_unserialise(latest_embargo) <= static_cast<double>(now));
}

// Whether the article with this id term is there and visible at `now`:
// one match, so over shard servers one exchange.
inline bool visible_article(const Xapian::Database& db, const std::string& id_term, std::int64_t now) {
  Xapian::Enquire enquire(db);
  enquire.set_query(visible_only(Xapian::Query(id_term), now));
  return enquire.get_mset(0, 0, 1).get_matches_lower_bound() > 0;
}

// The ids of the articles hidden at `now` (withheld, canceled or under
// embargo): for lists that do not come from a match, such as Most read.
inline std::unordered_set<std::string> hidden_ids(const Xapian::Database& db, std::int64_t now) {
  using Q = Xapian::Query;
  Xapian::Enquire enquire(db);
  enquire.set_query(
      Q(Q::OP_OR, Q(schema::kHidden),
        Q(Q::OP_VALUE_GE, schema::kSlotEmbargo, Xapian::sortable_serialise(static_cast<double>(now) + 1))));
  std::unordered_set<std::string> ids;
  const Xapian::MSet hidden = enquire.get_mset(0, db.get_doccount());
  for (auto m = hidden.begin(); m != hidden.end(); ++m)
    ids.insert(decode_summary(m.get_document().get_value(schema::kSlotSummary)).id);
  return ids;
}

}  // namespace newsidx
