#include "index/doc_columns.h"

#include <algorithm>
#include <cstring>

#include "analysis/fold.h"
#include "index/schema.h"

namespace newsidx {

std::uint32_t DocColumns::Dictionary::intern(const std::string& value) {
  if (names.empty()) names.emplace_back();  // id 0: no value
  if (value.empty()) return 0;
  auto [it, fresh] = ids.try_emplace(value, static_cast<std::uint32_t>(names.size()));
  if (fresh) names.push_back(value);
  return it->second;
}

void DocColumns::Dictionary::group_by_folded_form(bool fold) {
  std::unordered_map<std::string, std::uint32_t> group_of;
  group.assign(names.size(), 0);
  groups = 1;
  for (std::size_t id = 1; id < names.size(); ++id) {
    auto [it, fresh] = group_of.try_emplace(fold ? fold_exact(names[id]) : names[id], groups);
    if (fresh) ++groups;
    group[id] = it->second;
  }
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
  for (auto v = db.valuestream_begin(schema::kSlotFingerprint); v != db.valuestream_end(schema::kSlotFingerprint);
       ++v) {
    fingerprints_[v.get_docid()] = schema::decode_fingerprint(*v);
  }
  story_.assign(db.get_lastdocid() + 1, 0);
  for (auto v = db.valuestream_begin(schema::kSlotStory); v != db.valuestream_end(schema::kSlotStory); ++v)
    story_[v.get_docid()] = story_key(*v);
  published_.assign(db.get_lastdocid() + 1, 0);
  for (auto v = db.valuestream_begin(schema::kSlotPublished); v != db.valuestream_end(schema::kSlotPublished); ++v)
    published_[v.get_docid()] = Xapian::sortable_unserialise(*v);
  auto lengths = std::make_shared<std::vector<std::uint32_t>>(db.get_lastdocid() + 1, 0);
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) (*lengths)[*it] = it.get_doclength();
  lengths_ = std::move(lengths);
  lang_.group_by_folded_form(false);
  month_.group_by_folded_form(false);
  category_.group_by_folded_form(true);
  tag_.group_by_folded_form(true);
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

void DocColumns::add_by_value(const Counts& counts, std::map<std::string, std::size_t>* by_value[4]) const {
  const std::pair<const Dictionary*, const std::vector<std::uint32_t>*> facets[4] = {
      {&lang_, &counts.lang}, {&month_, &counts.month}, {&category_, &counts.category}, {&tag_, &counts.tag}};
  for (int f = 0; f < 4; ++f)
    for (std::size_t id = 0; id < facets[f].second->size(); ++id)
      if (const std::uint32_t n = (*facets[f].second)[id]; n > 0) (*by_value[f])[facets[f].first->names[id]] += n;
}

std::map<std::string, std::size_t> DocColumns::articles_per_language() const {
  std::vector<std::size_t> per_id(lang_.names.size());
  for (std::size_t did = 1; did < lang_of_.size(); ++did) ++per_id[lang_of_[did]];
  std::map<std::string, std::size_t> out;
  for (std::size_t id = 1; id < per_id.size(); ++id)
    if (per_id[id] > 0) out[lang_.names[id]] = per_id[id];
  return out;
}

std::size_t DocColumns::memory_bytes() const {
  auto bytes = [](const auto& v) { return v.capacity() * sizeof(v[0]); };
  std::size_t names = 0;
  for (const Dictionary* d : {&lang_, &month_, &category_, &tag_})
    for (const std::string& n : d->names) names += sizeof n + n.capacity();
  return names + bytes(lang_of_) + bytes(month_of_) + bytes(category_of_) + bytes(tags_begin_) + bytes(tags_) +
         bytes(fingerprints_) + (lengths_ ? bytes(*lengths_) : 0) + bytes(story_) + bytes(published_) +
         summaries_.capacity() + bytes(summary_at_);
}

namespace {

// Merges the values of a group (the spelling counted most often names it,
// the smaller on a tie), sorts by count then value, keeps the top
// `max_values`.
std::vector<FacetValue> ranked(const std::vector<std::string>& names, const std::vector<std::uint32_t>& group,
                               std::uint32_t groups, const std::vector<std::uint32_t>& counts, std::size_t max_values) {
  struct Merged {
    std::uint32_t display = 0;  // value id
    std::size_t display_count = 0, total = 0;
  };
  std::vector<Merged> merged(groups);
  std::vector<std::uint32_t> seen;                      // groups with a count, in order of first count
  for (std::size_t id = 1; id < counts.size(); ++id) {  // id 0: no value
    const std::size_t n = counts[id];
    if (n == 0) continue;
    Merged& m = merged[group[id]];
    if (m.total == 0) seen.push_back(group[id]);
    m.total += n;
    if (n > m.display_count || (n == m.display_count && names[id] < names[m.display])) {
      m.display = static_cast<std::uint32_t>(id);
      m.display_count = n;
    }
  }
  std::vector<FacetValue> out;
  out.reserve(seen.size());
  for (std::uint32_t g : seen) out.push_back(FacetValue{names[merged[g].display], merged[g].total});
  auto before = [](const FacetValue& a, const FacetValue& b) {
    return a.count != b.count ? a.count > b.count : a.value < b.value;
  };
  const std::size_t keep = std::min(max_values, out.size());
  std::partial_sort(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(keep), out.end(), before);
  out.resize(keep);
  return out;
}

}  // namespace

std::vector<FacetValue> rank_facet(const std::map<std::string, std::size_t>& counts, bool fold,
                                   std::size_t max_values) {
  DocColumns::Dictionary d;
  d.intern("");
  std::vector<std::uint32_t> by_id(1, 0);
  for (const auto& [value, n] : counts) {
    if (value.empty()) continue;
    d.intern(value);
    by_id.push_back(static_cast<std::uint32_t>(n));
  }
  d.group_by_folded_form(fold);
  return ranked(d.names, d.group, d.groups, by_id, max_values);
}

std::map<std::string, std::vector<FacetValue>> DocColumns::result(const Counts& c, std::size_t max_values) const {
  auto facet = [&](const Dictionary& d, const std::vector<std::uint32_t>& counts) {
    return ranked(d.names, d.group, d.groups, counts, max_values);
  };
  return {{"lang", facet(lang_, c.lang)},
          {"month", facet(month_, c.month)},
          {"category", facet(category_, c.category)},
          {"tag", facet(tag_, c.tag)}};
}

}  // namespace newsidx
