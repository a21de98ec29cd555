#include "query/match_helpers.h"

#include <algorithm>
#include <cmath>

#include "indexer/schema.h"

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

RecencySource::RecencySource(std::int64_t now, double half_life_days)
    : Xapian::ValuePostingSource(schema::kSlotPublished), now_(now), half_life_days_(half_life_days) {}

void RecencySource::init(const Xapian::Database& db) {
  Xapian::ValuePostingSource::init(db);
  set_maxweight(kFreshWeight);
}

double RecencySource::get_weight() const {
  const double published = Xapian::sortable_unserialise(get_value());
  const double age_days = std::max(0.0, (static_cast<double>(now_) - published) / 86400.0);
  return kFreshWeight * std::exp2(-age_days / half_life_days_);
}

}  // namespace newsidx
