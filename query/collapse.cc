#include "query/collapse.h"

#include <algorithm>
#include <vector>

#include "common/flat_table.h"

namespace newsidx {

CollapsedPage collapse_page(const std::function<Xapian::MSet(Xapian::doccount)>& fetch, const DocColumns& columns,
                            std::size_t offset, std::size_t limit, std::size_t exact_up_to) {
  const std::size_t needed = offset + limit;
  // Xapian counts at least exact_up_to matches anyway: ranking that many
  // costs little more, and usually needs no second fetch.
  auto want = static_cast<Xapian::doccount>(std::max(needed + std::max<std::size_t>(limit, 10), exact_up_to));
  CollapsedPage page;
  std::vector<PageHit> kept;
  std::size_t dropped = 0;
  bool complete = false;
  for (;;) {
    page.mset = fetch(want);
    kept.clear();
    dropped = 0;
    FlatTable<std::uint64_t, std::size_t, Mix64Hash> first_of;  // fingerprint -> index in kept
    for (auto it = page.mset.begin(); it != page.mset.end(); ++it) {
      const std::uint64_t fp = columns.fingerprint(*it);
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
