#include "searcher/suggestions.h"

#include <limits>

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

std::vector<suggest::Source> suggest_sources(const Xapian::Database& db, const DocColumns& columns,
                                             const std::function<std::uint64_t(const std::string&)>& views_of,
                                             std::int64_t now, SuggestBasis& basis) {
  embargo_span(db, now, basis);
  const auto hidden = hidden_ids(db, now);
  std::vector<suggest::Source> out;
  out.reserve(db.get_doccount());
  for (auto p = db.postlist_begin(""); p != db.postlist_end(""); ++p) {
    const Xapian::docid did = *p;
    std::string_view stored = columns.summary(did);
    std::string read;
    if (stored.empty()) stored = read = db.get_document(did).get_value(schema::kSlotSummary);
    ArticleSummary s = decode_summary(stored);
    if (hidden.count(s.id)) continue;
    suggest::Source a;
    a.published = static_cast<std::int64_t>(columns.published(did));
    a.views = views_of(s.id);
    a.id = std::move(s.id);
    a.title = std::move(s.title);
    a.lang = std::move(s.lang);
    a.tags = std::move(s.tags);
    out.push_back(std::move(a));
  }
  return out;
}

std::shared_ptr<const suggest::Index> SuggestCache::get(
    const SuggestBasis& basis, std::int64_t at,
    const std::function<std::shared_ptr<const suggest::Index>(SuggestBasis&)>& build) {
  std::shared_ptr<const suggest::Index> held;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (index_ && basis_.serves(basis, at)) return index_;
    held = index_;
  }
  std::unique_lock<std::mutex> building(build_mutex_, std::defer_lock);
  if (!held) building.lock();
  else if (!building.try_lock()) return held;  // another thread builds the new one
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (index_ && basis_.serves(basis, at)) return index_;
  }
  SuggestBasis built = basis;
  std::shared_ptr<const suggest::Index> fresh = build(built);
  std::lock_guard<std::mutex> lock(mutex_);
  index_ = fresh;
  basis_ = built;
  return fresh;
}

}  // namespace newsidx
