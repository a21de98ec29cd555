#include "query/collapse.h"

#include <algorithm>
#include <cmath>
#include <vector>

#include "common/flat_table.h"

namespace newsidx {

bool weights_equal(double a, double b) { return std::fabs(a - b) <= 1e-12 * std::fabs(a); }

namespace {

// Unranked matches (weight 0: filters alone, and no sort key) keep Xapian's order.
bool ranks_equal(const Xapian::MSetIterator& a, const Xapian::MSetIterator& b, bool sort_key_ranks) {
  if (sort_key_ranks) return a.get_sort_key() == b.get_sort_key() && weights_equal(a.get_weight(), b.get_weight());
  return a.get_weight() > 0 && weights_equal(a.get_weight(), b.get_weight());
}

}  // namespace

Xapian::MSet fetch_whole_ties(const Fetch& fetch, Xapian::doccount n, bool sort_key_ranks) {
  const Xapian::doccount most = 16 * n + 1000;
  for (;;) {
    Xapian::MSet mset = fetch(n);
    if (mset.size() < n || n < 2 || n >= most || !ranks_equal(mset[n - 2], mset[n - 1], sort_key_ranks)) return mset;
    n *= 2;
  }
}

std::vector<Xapian::MSetIterator> in_rank_order(const Xapian::MSet& mset, const IdOf& id_of, bool sort_key_ranks) {
  std::vector<Xapian::MSetIterator> order;
  for (auto it = mset.begin(); it != mset.end(); ++it) order.push_back(it);
  for (std::size_t from = 0; from < order.size();) {
    std::size_t to = from + 1;
    while (to < order.size() && ranks_equal(order[from], order[to], sort_key_ranks)) ++to;
    if (to - from > 1) {
      std::vector<std::pair<std::string, Xapian::MSetIterator>> tied;
      for (std::size_t i = from; i < to; ++i) tied.emplace_back(id_of(order[i]), order[i]);
      std::sort(tied.begin(), tied.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
      for (std::size_t i = from; i < to; ++i) order[i] = tied[i - from].second;
    }
    from = to;
  }
  return order;
}

CollapsedPage collapse_page(const Fetch& fetch, const FingerprintOf& fingerprint_of, const IdOf& id_of,
                            bool sort_key_ranks, std::size_t offset, std::size_t limit, std::size_t exact_up_to) {
  const std::size_t needed = offset + limit;
  // Xapian counts at least exact_up_to matches anyway: ranking that many
  // costs little more, and usually needs no second fetch.
  auto want = static_cast<Xapian::doccount>(std::max(needed + std::max<std::size_t>(limit, 10), exact_up_to));
  CollapsedPage page;
  std::vector<PageHit> kept;
  std::size_t dropped = 0;
  bool complete = false;
  for (;;) {
    page.mset = fetch_whole_ties(fetch, want, sort_key_ranks);
    kept.clear();
    dropped = 0;
    FlatTable<std::uint64_t, std::size_t, Mix64Hash> first_of;  // fingerprint -> index in kept
    for (const Xapian::MSetIterator& it : in_rank_order(page.mset, id_of, sort_key_ranks)) {
      const std::uint64_t fp = fingerprint_of(it);
      if (fp != 0) {
        const auto found = first_of.find_or_insert(fp, kept.size());
        if (!found.fresh) {
          ++kept[*found.value].duplicates;
          ++dropped;
          continue;
        }
      }
      kept.push_back(PageHit{it, 0});
    }
    complete = page.mset.size() < want;
    const auto upper = page.mset.get_matches_upper_bound();
    if (!complete && upper <= exact_up_to && upper == page.mset.get_matches_lower_bound()) {
      want = upper + 1;  // few: read them all, for an exact total
      continue;
    }
    if (complete || kept.size() >= needed || want >= 16 * needed + 1000) break;
    want *= 2;  // re-publications filled the page: read further
  }
  if (complete) {
    page.total = page.lower = page.upper = kept.size();
  } else {
    page.lower = kept.size();
    page.upper = std::max<std::size_t>(page.lower, page.mset.get_matches_upper_bound() - dropped);
    page.total = std::clamp<std::size_t>(
        page.mset.get_matches_estimated() - std::min<std::size_t>(dropped, page.mset.get_matches_estimated()),
        page.lower, page.upper);
  }
  for (std::size_t i = offset; i < kept.size() && i < needed; ++i) page.hits.push_back(kept[i]);
  return page;
}

}  // namespace newsidx
