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

Fetch fetch_from(Xapian::Enquire& enquire, Xapian::doccount check_at_least) {
  return [&enquire, check_at_least](Xapian::doccount n, double min_weight) {
    enquire.set_cutoff(0, min_weight);
    return enquire.get_mset(0, n, check_at_least);
  };
}

Ranked fetch_whole_ties(const Fetch& fetch, Xapian::doccount n, bool sort_key_ranks) {
  const Xapian::doccount most = 16 * n + 1000;
  Ranked r;
  auto counted = [&r] {
    r.lower = r.mset.get_matches_lower_bound();
    r.upper = r.mset.get_matches_upper_bound();
    r.estimated = r.mset.get_matches_estimated();
  };
  r.mset = fetch(n, 0);
  counted();
  auto cut_in_a_tie = [&] {
    return r.mset.size() == n && n >= 2 && n < most && ranks_equal(r.mset[n - 2], r.mset[n - 1], sort_key_ranks);
  };
  if (!sort_key_ranks) {
    // Those ranking with the last, and above: weights equal to 1e-12 (weights_equal) pass the cutoff.
    if (cut_in_a_tie()) r.mset = fetch(most, r.mset[n - 1].get_weight() * (1 - 1e-12));
    return r;  // the counts stay those of the whole match: the cutoff's leave out the rest
  }
  while (cut_in_a_tie()) {
    n *= 2;
    r.mset = fetch(n, 0);
    counted();
  }
  return r;
}

std::vector<Xapian::MSetIterator> in_rank_order(const Xapian::MSet& mset, const IdOf& id_of, bool sort_key_ranks) {
  std::vector<Xapian::MSetIterator> order;
  for (auto it = mset.begin(); it != mset.end(); ++it) order.push_back(it);
  for (std::size_t from = 0; from < order.size();) {
    std::size_t to = from + 1;
    while (to < order.size() && ranks_equal(order[from], order[to], sort_key_ranks)) ++to;
    if (to - from > 1) {
      std::vector<std::pair<std::string_view, Xapian::MSetIterator>> tied;
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
  // Ranks a little more than the page (re-publications drop some), not
  // exact_up_to: the fetch counts that many anyway (check_at_least), and
  // ranking 100 instead of 20 kept an any-words match from skipping the
  // postings of its common words (Xapian raises its minimum weight to the
  // last ranked one only). Only a small total, not all of it ranked, is
  // fetched again whole, below.
  auto want = static_cast<Xapian::doccount>(needed + std::max<std::size_t>(limit, 10));
  CollapsedPage page;
  std::vector<PageHit> kept;
  std::size_t dropped = 0;
  bool complete = false;
  Ranked ranked;
  for (;;) {
    ranked = fetch_whole_ties(fetch, want, sort_key_ranks);
    kept.clear();
    dropped = 0;
    FlatTable<std::uint64_t, std::size_t, Mix64Hash> first_of;  // fingerprint -> index in kept
    for (const Xapian::MSetIterator& it : in_rank_order(ranked.mset, id_of, sort_key_ranks)) {
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
    complete = ranked.all();
    if (!complete && ranked.upper <= exact_up_to && ranked.upper == ranked.lower) {
      want = ranked.upper;  // few: rank them all, for an exact total
      continue;
    }
    if (complete || kept.size() >= needed || want >= 16 * needed + 1000) break;
    want *= 2;  // re-publications filled the page: read further
  }
  page.mset = ranked.mset;
  if (complete) {
    page.total = page.lower = page.upper = kept.size();
  } else {
    page.lower = kept.size();
    page.upper = std::max<std::size_t>(page.lower, ranked.upper - dropped);
    page.total = std::clamp<std::size_t>(ranked.estimated - std::min<std::size_t>(dropped, ranked.estimated),
                                         page.lower, page.upper);
  }
  for (std::size_t i = offset; i < kept.size() && i < needed; ++i) page.hits.push_back(kept[i]);
  return page;
}

}  // namespace newsidx
