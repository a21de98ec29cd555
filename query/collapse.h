// Re-publications of one text shown once: the page of a ranked match set
// with documents of a repeated fingerprint left out and counted on the one
// shown (the best ranked). Done here instead of with Xapian's collapse key,
// which read the fingerprint value of every candidate from disk.
#pragma once

#include <cstddef>
#include <functional>
#include <vector>

#include <xapian.h>

#include "index/doc_columns.h"

namespace newsidx {

struct PageHit {
  Xapian::MSetIterator item;  // of `mset` below
  std::size_t duplicates = 0;
};

struct CollapsedPage {
  Xapian::MSet mset;                            // the ranked matches read (from the first)
  std::vector<PageHit> hits;                    // the page, after `offset` distinct ones
  std::size_t total = 0, lower = 0, upper = 0;  // distinct matches: estimate and bounds
};

// `fetch(n)` ranks and returns the first n matches. Fetches as many as the
// page needs after collapsing (more when re-publications fill it), and all
// of them when there are at most `exact_up_to`, so that small totals are exact.
CollapsedPage collapse_page(const std::function<Xapian::MSet(Xapian::doccount)>& fetch, const DocColumns& columns,
                            std::size_t offset, std::size_t limit, std::size_t exact_up_to);

}  // namespace newsidx
