#include "query/recency.h"

#include "query/wire.h"

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

std::string RecencySource::serialise() const {
  std::string out;
  wire::put_number(out, static_cast<double>(now_));
  wire::put_number(out, half_life_days_);
  return out;
}

RecencySource* RecencySource::unserialise(const std::string& serialised) const {
  wire::Reader in(serialised);
  const auto now = static_cast<std::int64_t>(in.number());
  const double half_life = in.number();
  in.expect_done();
  return new RecencySource(now, half_life);
}

double RecencySource::get_weight() const {
  const double published = Xapian::sortable_unserialise(get_value());
  const double age_days = std::max(0.0, (static_cast<double>(now_) - published) / 86400.0);
  return kFreshWeight * std::exp2(-age_days / half_life_days_);
}

}  // namespace newsidx
