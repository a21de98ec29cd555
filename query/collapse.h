// Re-publications of one text shown once: the page of a ranked match set
// with documents of a repeated fingerprint left out and counted on the one
// shown (the best ranked). Done here instead of with Xapian's collapse key,
// which read the fingerprint value of every candidate from disk.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
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

// An article's id by its document: ties are ordered by it. The view stays
// valid until in_rank_order returns (ties of a common word ask for a
// thousand ids: copying each cost more than sorting them).
using IdOf = std::function<std::string_view(const Xapian::MSetIterator&)>;
// Whether two weights rank equal: to 1e-12, for the same sum of parts added
// in another order on another shard may differ in its last bits.
bool weights_equal(double a, double b);

// Ranks and returns the first n matches whose weight is at least
// min_weight (Xapian's weight cutoff; 0 for all).
using Fetch = std::function<Xapian::MSet(Xapian::doccount n, double min_weight)>;

// The Fetch of an Enquire set up with its query and weighting, counting at
// least `check_at_least` matches (the Enquire is referred to, not copied).
Fetch fetch_from(Xapian::Enquire& enquire, Xapian::doccount check_at_least = 0);

// Ranked matches, and the counts of all the query's matches.
struct Ranked {
  Xapian::MSet mset;
  Xapian::doccount lower = 0, upper = 0, estimated = 0;
  // Every match is ranked in mset.
  bool all() const { return mset.size() >= upper; }
};

// fetch(n), and more when the last two matches rank equal, so that no group
// of equal ranks is cut where Xapian cut it, by docid. By relevance, one
// more fetch with the tied weight as cutoff brings the whole group (a
// Chinese one-word query can tie a thousand titles: doubling n re-ran the
// match six times); sorted by a value (`sort_key_ranks`: its sort key
// ranks, then the weight), n doubles until the group is whole.
Ranked fetch_whole_ties(const Fetch& fetch, Xapian::doccount n, bool sort_key_ranks);

// The matches of `mset` in rank order, matches that rank equal (the same
// weight and sort key) ordered by article id: Xapian orders them by docid,
// which depends on how the index was built and how it is sharded. Matches
// of a query that ranks nothing (filters alone, weight 0, sorted by
// relevance) stay in docid order.
std::vector<Xapian::MSetIterator> in_rank_order(const Xapian::MSet& mset, const IdOf& id_of, bool sort_key_ranks);

// `fetch` ranks matches (above). Fetches as many as the
// page needs after collapsing (more when re-publications fill it), and all
// of them when there are at most `exact_up_to`, so that small totals are exact.
// A match's text fingerprint (0: none known, never collapsed).
using FingerprintOf = std::function<std::uint64_t(const Xapian::MSetIterator&)>;

CollapsedPage collapse_page(const Fetch& fetch, const FingerprintOf& fingerprint_of, const IdOf& id_of,
                            bool sort_key_ranks, std::size_t offset, std::size_t limit, std::size_t exact_up_to);

}  // namespace newsidx
