#include "query/title_filter.h"

#include "index/schema.h"

namespace newsidx {

bool TitleDecider::in_title(Xapian::docid did, const std::string& term) const {
  auto p = db_.positionlist_begin(did, term);
  return p != db_.positionlist_end(did, term) && *p < schema::kLeadStart;  // positions ascend
}

bool TitleDecider::operator()(const Xapian::Document& doc) const {
  const Xapian::docid did = doc.get_docid();
  for (const TitleClause& clause : clauses_) {
    bool all_in_title = true;
    for (const auto& readings : clause.words) {
      bool found = false;
      for (const auto& term : readings)
        if ((found = in_title(did, term))) break;
      if (!found) {
        all_in_title = false;
        break;
      }
    }
    if (all_in_title == clause.negated) return false;
  }
  return true;
}

}  // namespace newsidx
