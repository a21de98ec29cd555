#include "suggest/maintainer.h"

#include <algorithm>
#include <cmath>

#include "common/hash.h"
#include "suggest/code_points.h"

namespace newsidx::suggest {
namespace {

// How many capitals a spelling has: of two spellings, the one with fewer
// is shown ("референдум" rather than a title's first word "Референдум").
std::size_t capitals(std::string_view text) {
  return count_code_points(text, [](UChar32 c) { return u_isupper(c); });
}

// An entry's place in the hash → entry map: kinds apart.
std::uint64_t id_hash(const std::string& key, Kind kind) {
  return hash64(key) ^ mix64(static_cast<std::uint64_t>(kind) + 1);
}

}  // namespace

bool Maintainer::unchanged(std::uint32_t doc, std::uint64_t summary_hash, std::uint64_t views, bool visible) const {
  const bool known = doc < docs_.size() && docs_[doc].present;
  if (!visible) return !known;
  return known && docs_[doc].hash == summary_hash && docs_[doc].views == views;
}

double Maintainer::fresh_of(std::int64_t published) const {
  // Published after the epoch (the clock of a newsroom ahead, or a date to
  // come) counts as published at it.
  const double age = static_cast<double>(std::max<std::int64_t>(0, epoch_ - published));
  return std::exp2(-age / ranking_.half_life_seconds);
}

EntryText& Maintainer::writable(std::uint32_t entry) {
  auto it = copied_.find(entry);
  if (it == copied_.end()) {
    auto copy = std::make_shared<EntryText>(*texts_[entry]);
    texts_[entry] = copy;
    it = copied_.emplace(entry, std::move(copy)).first;
  }
  return *it->second;
}

std::uint8_t Maintainer::lang_index(const std::string& lang) {
  const auto it = std::find(langs_.begin(), langs_.end(), lang);
  if (it != langs_.end()) return static_cast<std::uint8_t>(it - langs_.begin());
  langs_.push_back(lang);  // the article format's few codes: never near 256
  return static_cast<std::uint8_t>(langs_.size() - 1);
}

std::uint32_t Maintainer::entry_for(const Contribution& c) {
  const std::uint64_t h = id_hash(c.key, c.kind);
  for (auto [it, end] = ids_.equal_range(h); it != end; ++it)
    if (texts_[it->second]->key == c.key && texts_[it->second]->kind == c.kind) return it->second;
  const auto id = static_cast<std::uint32_t>(texts_.size());
  ids_.emplace(h, id);
  auto text = std::make_shared<EntryText>(EntryText{c.key, c.kind, {}});
  texts_.push_back(text);
  copied_.emplace(id, std::move(text));
  stats_.emplace_back();
  unsorted_.push_back(id);
  return id;
}

void Maintainer::remove(std::uint32_t doc) {
  if (doc >= docs_.size() || !docs_[doc].present) return;
  Doc& d = docs_[doc];
  const double fresh = fresh_of(d.published);
  for (std::uint32_t e : d.entries) {
    Stats& s = stats_[e];
    s.count -= 1;
    s.views -= d.views;
    s.fresh = s.count == 0 ? 0 : std::max(0.0, s.fresh - fresh);
    EntryText& text = writable(e);
    for (Variant& v : text.variants) {
      if (v.lang != langs_[d.lang]) continue;
      v.count -= 1;
      v.articles.erase(
          std::remove_if(v.articles.begin(), v.articles.end(), [&](const auto& a) { return a.doc == doc; }),
          v.articles.end());
    }
  }
  d = Doc{};
}

void Maintainer::add(std::uint32_t doc, const Source& a, std::uint64_t summary_hash) {
  remove(doc);
  if (doc >= docs_.size()) docs_.resize(doc + 1);
  Doc& d = docs_[doc];
  d = Doc{true, lang_index(a.lang), summary_hash, a.views, a.published, {}};
  const double fresh = fresh_of(a.published);
  for (const Contribution& c : contributions_of(a, keys_)) {
    const std::uint32_t e = entry_for(c);
    d.entries.push_back(e);
    Stats& s = stats_[e];
    s.count += 1;
    s.views += a.views;
    s.fresh += fresh;
    EntryText& text = writable(e);
    auto v =
        std::find_if(text.variants.begin(), text.variants.end(), [&](const Variant& x) { return x.lang == a.lang; });
    if (v == text.variants.end()) v = text.variants.insert(text.variants.end(), Variant{a.lang, c.text, 0, {}});
    v->count += 1;
    if (c.kind == Kind::headline) v->articles.push_back({a.published, doc, a.id});
    else if (capitals(c.text) < capitals(v->text)) v->text = c.text;
  }
}

void Maintainer::keep_only(const std::vector<bool>& present) {
  for (std::uint32_t doc = 0; doc < docs_.size(); ++doc)
    if (docs_[doc].present && (doc >= present.size() || !present[doc])) remove(doc);
}

// Freshness sums are kept relative to an epoch that moves with the clock,
// so that they stay near the article counts (an older epoch would make a
// fresh article's share huge and its removal lose the small ones). A move
// of more than 64 half-lives sums them again, article by article.
void Maintainer::begin(std::int64_t now) {
  const double half_lives = static_cast<double>(now - epoch_) / ranking_.half_life_seconds;
  const std::int64_t was = epoch_;
  epoch_ = now;
  if (was == now) return;
  if (std::abs(half_lives) <= 64) {
    const double scale = std::exp2(-half_lives);
    for (Stats& s : stats_) s.fresh *= scale;
    return;
  }
  for (Stats& s : stats_) s.fresh = 0;
  for (const Doc& d : docs_)
    if (d.present)
      for (std::uint32_t e : d.entries) stats_[e].fresh += fresh_of(d.published);
}

std::shared_ptr<const Index> Maintainer::publish() {
  const auto by_key = [this](std::uint32_t a, std::uint32_t b) {
    const EntryText& x = *texts_[a];
    const EntryText& y = *texts_[b];
    return x.key != y.key ? x.key < y.key : x.kind < y.kind;
  };
  std::sort(unsorted_.begin(), unsorted_.end(), by_key);
  std::vector<std::uint32_t> merged;
  merged.reserve(sorted_.size() + unsorted_.size());
  std::merge(sorted_.begin(), sorted_.end(), unsorted_.begin(), unsorted_.end(), std::back_inserter(merged), by_key);
  sorted_ = std::move(merged);
  unsorted_.clear();
  copied_.clear();
  return std::make_shared<const Index>(texts_, stats_, sorted_, epoch_, ranking_);
}

std::size_t Maintainer::memory_bytes() const {
  std::size_t bytes = docs_.capacity() * sizeof(Doc) + stats_.capacity() * sizeof(Stats) +
                      (sorted_.capacity() + unsorted_.capacity()) * 4 + texts_.capacity() * sizeof(texts_[0]);
  for (const Doc& d : docs_) bytes += d.entries.capacity() * 4;
  bytes += ids_.size() * 40;  // a node and its bucket
  for (const auto& text : texts_) {
    bytes += sizeof(EntryText) + text->key.capacity() + text->variants.capacity() * sizeof(Variant);
    for (const Variant& v : text->variants) {
      bytes += v.text.capacity() + v.lang.capacity() + v.articles.capacity() * sizeof(v.articles[0]);
      for (const auto& a : v.articles) bytes += a.id.capacity();
    }
  }
  return bytes;
}

}  // namespace newsidx::suggest
