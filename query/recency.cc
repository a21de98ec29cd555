#include "query/recency.h"

#include <algorithm>
#include <cmath>

#include "index/schema.h"

namespace newsidx {

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
