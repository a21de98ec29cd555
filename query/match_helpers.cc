#include "query/match_helpers.h"

#include <algorithm>
#include <cmath>

#include "analysis/fold.h"
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

void FacetSpy::operator()(const Xapian::Document& doc, double) {
  ++lang_[doc.get_value(schema::kSlotLang)];
  ++month_[doc.get_value(schema::kSlotMonth)];
  if (std::string c = doc.get_value(schema::kSlotCategory); !c.empty()) ++category_[c];
  const std::string tags = doc.get_value(schema::kSlotTags);
  std::size_t start = 0;
  while (start < tags.size()) {
    std::size_t end = tags.find(schema::kTagSeparator, start);
    if (end == std::string::npos) end = tags.size();
    ++tag_[tags.substr(start, end - start)];
    start = end + 1;
  }
}

namespace {

// Merges values that fold alike (the first spelling seen in the most counted
// form names them), sorts by count then value, keeps the top `max_values`.
std::vector<FacetValue> ranked(const std::unordered_map<std::string, std::size_t>& counts, bool fold,
                               std::size_t max_values) {
  struct Merged {
    std::string display;  // the spelling counted most often
    std::size_t display_count = 0, total = 0;
  };
  std::map<std::string, Merged> merged;
  for (const auto& [value, n] : counts) {
    Merged& m = merged[fold ? fold_exact(value) : value];
    m.total += n;
    if (n > m.display_count || (n == m.display_count && value < m.display)) {
      m.display = value;
      m.display_count = n;
    }
  }
  std::vector<FacetValue> out;
  for (const auto& [_, m] : merged) out.push_back(FacetValue{m.display, m.total});
  std::sort(out.begin(), out.end(), [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  });
  if (out.size() > max_values) out.resize(max_values);
  return out;
}

}  // namespace

std::map<std::string, std::vector<FacetValue>> FacetSpy::result(std::size_t max_values) const {
  return {{"lang", ranked(lang_, false, max_values)},
          {"month", ranked(month_, false, max_values)},
          {"category", ranked(category_, true, max_values)},
          {"tag", ranked(tag_, true, max_values)}};
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
