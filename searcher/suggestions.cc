#include "searcher/suggestions.h"

#include <limits>

#include "common/hash.h"
#include "index/schema.h"
#include "index/stored_article.h"
#include "index/visibility.h"

namespace newsidx {

namespace {

// Sets the span of `now` between embargo ends: the last at or before it,
// the first after it.
void embargo_span(const Xapian::Database& db, std::int64_t now, SuggestBasis& basis) {
  basis.visible_from = std::numeric_limits<std::int64_t>::min();
  basis.visible_until = std::numeric_limits<std::int64_t>::max();
  for (auto v = db.valuestream_begin(schema::kSlotEmbargo); v != db.valuestream_end(schema::kSlotEmbargo); ++v) {
    const auto end = static_cast<std::int64_t>(Xapian::sortable_unserialise(*v));
    if (end > now) basis.visible_until = std::min(basis.visible_until, end);
    else basis.visible_from = std::max(basis.visible_from, end);
  }
}

}  // namespace

std::shared_ptr<const suggest::Index> update_suggestions(suggest::Maintainer& maintainer, const Xapian::Database& db,
                                                         const std::function<std::uint64_t(std::string_view)>& views_of,
                                                         std::int64_t now, SuggestBasis& basis) {
  embargo_span(db, now, basis);
  const auto hidden = hidden_ids(db, now);
  maintainer.begin(now);
  std::vector<bool> present(db.get_lastdocid() + 1);
  // The summary and publication time of every article, from their value
  // streams (one pass each, a tenth of reading the document columns).
  auto published = db.valuestream_begin(schema::kSlotPublished);
  const auto published_end = db.valuestream_end(schema::kSlotPublished);
  for (auto v = db.valuestream_begin(schema::kSlotSummary); v != db.valuestream_end(schema::kSlotSummary); ++v) {
    const Xapian::docid did = v.get_docid();
    present[did] = true;
    const std::string stored = *v;
    const std::string_view id = summary_id(stored);
    const std::uint64_t views = views_of(id), hash = hash64(stored);
    const bool visible = hidden.empty() || !hidden.count(std::string(id));
    if (maintainer.unchanged(did, hash, views, visible)) continue;
    maintainer.remove(did);
    if (!visible) continue;
    ArticleSummary s = decode_summary(stored);
    suggest::Source a;
    if (published != published_end) published.skip_to(did);
    if (published != published_end && published.get_docid() == did)
      a.published = static_cast<std::int64_t>(Xapian::sortable_unserialise(*published));
    a.views = views;
    a.id = std::move(s.id);
    a.title = std::move(s.title);
    a.lang = std::move(s.lang);
    a.tags = std::move(s.tags);
    maintainer.add(did, a, hash);
  }
  maintainer.keep_only(present);
  return maintainer.publish();
}

std::shared_ptr<const suggest::Index> SuggestCache::get(const SuggestBasis& basis, std::int64_t at,
                                                        const Update& update) {
  std::shared_ptr<const suggest::Index> held;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (index_ && basis_.serves(basis, at)) return index_;
    held = index_;
  }
  std::unique_lock<std::mutex> updating(update_mutex_, std::defer_lock);
  if (!held) updating.lock();
  else if (!updating.try_lock()) return held;  // another thread brings it up to date
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (index_ && basis_.serves(basis, at)) return index_;
  }
  SuggestBasis built = basis;
  std::shared_ptr<const suggest::Index> fresh = update(maintainer_, built);
  std::lock_guard<std::mutex> lock(mutex_);
  index_ = fresh;
  basis_ = built;
  return fresh;
}

std::size_t SuggestCache::memory_bytes() {
  // While an update runs, the figure of the last one that did not.
  std::unique_lock<std::mutex> updating(update_mutex_, std::try_to_lock);
  if (!updating) return memory_bytes_;
  std::lock_guard<std::mutex> lock(mutex_);
  memory_bytes_ = index_ ? maintainer_.memory_bytes() + index_->memory_bytes() : 0;
  return memory_bytes_;
}

}  // namespace newsidx
