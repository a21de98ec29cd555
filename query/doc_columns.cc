#include "query/doc_columns.h"

#include <algorithm>
#include <cstring>

#include "analysis/fold.h"
#include "indexer/schema.h"

namespace newsidx {

std::uint32_t DocColumns::Dictionary::intern(const std::string& value) {
  if (names.empty()) names.emplace_back();  // id 0: no value
  if (value.empty()) return 0;
  auto [it, fresh] = ids.try_emplace(value, static_cast<std::uint32_t>(names.size()));
  if (fresh) names.push_back(value);
  return it->second;
}

void DocColumns::read_single(const Xapian::Database& db, Xapian::valueno slot, Dictionary& dict,
                               std::vector<std::uint32_t>& column) {
  column.assign(db.get_lastdocid() + 1, 0);
  dict.intern("");
  for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) column[v.get_docid()] = dict.intern(*v);
}

DocColumns::DocColumns(const Xapian::Database& db, bool with_summaries) {
  read_single(db, schema::kSlotLang, lang_, lang_of_);
  read_single(db, schema::kSlotMonth, month_, month_of_);
  read_single(db, schema::kSlotCategory, category_, category_of_);
  tag_.intern("");
  tags_begin_.assign(db.get_lastdocid() + 2, 0);
  Xapian::docid filled = 0;  // tags_begin_ is set up to here
  for (auto v = db.valuestream_begin(schema::kSlotTags); v != db.valuestream_end(schema::kSlotTags); ++v) {
    const Xapian::docid did = v.get_docid();
    while (filled < did) tags_begin_[++filled] = static_cast<std::uint32_t>(tags_.size());
    const std::string tags = *v;
    for (std::size_t start = 0; start < tags.size();) {
      std::size_t end = tags.find(schema::kTagSeparator, start);
      if (end == std::string::npos) end = tags.size();
      tags_.push_back(tag_.intern(tags.substr(start, end - start)));
      start = end + 1;
    }
  }
  while (filled + 1 < tags_begin_.size()) tags_begin_[++filled] = static_cast<std::uint32_t>(tags_.size());
  fingerprints_.assign(db.get_lastdocid() + 1, 0);
  for (auto v = db.valuestream_begin(schema::kSlotFingerprint); v != db.valuestream_end(schema::kSlotFingerprint); ++v) {
    const std::string value = *v;
    std::uint64_t fp = 0;
    std::memcpy(&fp, value.data(), std::min(value.size(), sizeof fp));
    fingerprints_[v.get_docid()] = fp;
  }
  if (!with_summaries) return;
  summary_at_.assign(db.get_lastdocid() + 2, 0);
  filled = 0;
  for (auto v = db.valuestream_begin(schema::kSlotSummary); v != db.valuestream_end(schema::kSlotSummary); ++v) {
    const Xapian::docid did = v.get_docid();
    while (filled < did) summary_at_[++filled] = summaries_.size();
    summaries_ += *v;
  }
  while (filled + 1 < summary_at_.size()) summary_at_[++filled] = summaries_.size();
}

DocColumns::Counts DocColumns::empty_counts() const {
  return Counts{std::vector<std::uint32_t>(lang_.names.size()), std::vector<std::uint32_t>(month_.names.size()),
                std::vector<std::uint32_t>(category_.names.size()), std::vector<std::uint32_t>(tag_.names.size())};
}

void DocColumns::count(Xapian::docid did, Counts& counts) const {
  if (did >= lang_of_.size()) return;  // added after these columns were read
  ++counts.lang[lang_of_[did]];
  ++counts.month[month_of_[did]];
  ++counts.category[category_of_[did]];
  for (std::uint32_t i = tags_begin_[did]; i < tags_begin_[did + 1]; ++i) ++counts.tag[tags_[i]];
}

namespace {

// Merges values that fold alike (the first spelling seen in the most counted
// form names them), sorts by count then value, keeps the top `max_values`.
std::vector<FacetValue> ranked(const std::vector<std::string>& names, const std::vector<std::uint32_t>& counts,
                               bool fold, std::size_t max_values) {
  struct Merged {
    std::string display;  // the spelling counted most often
    std::size_t display_count = 0, total = 0;
  };
  std::map<std::string, Merged> merged;
  for (std::size_t id = 1; id < counts.size(); ++id) {  // id 0: no value
    const std::size_t n = counts[id];
    if (n == 0) continue;
    const std::string& value = names[id];
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

std::map<std::string, std::vector<FacetValue>> DocColumns::result(const Counts& c, std::size_t max_values) const {
  return {{"lang", ranked(lang_.names, c.lang, false, max_values)},
          {"month", ranked(month_.names, c.month, false, max_values)},
          {"category", ranked(category_.names, c.category, true, max_values)},
          {"tag", ranked(tag_.names, c.tag, true, max_values)}};
}

}  // namespace newsidx
