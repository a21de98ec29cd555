// A set of document ids, one bit each: the articles holding a frequent
// word, or every match of a query, checked with one bit test.
#pragma once

#include <cstdint>
#include <vector>

namespace newsidx {

using DocId = std::uint32_t;     // Xapian::docid
using DocCount = std::uint32_t;  // Xapian::doccount

struct DocBitmap {
  std::vector<std::uint64_t> words;
  // How many ids are set: exact for a term's bitmap; for a union or an
  // intersection an estimate within [0, most] (counting bits would cost
  // more than the search gains, without a popcount instruction).
  DocCount count = 0, most = 0;
  bool exact = true;

  explicit DocBitmap(DocId last_docid) : words(last_docid / 64 + 1, 0) {}
  bool has(DocId did) const { return (did >> 6) < words.size() && (words[did >> 6] >> (did & 63) & 1) != 0; }
  // The first id >= did in the set, or 0 when there is none.
  DocId next_from(DocId did) const;
  // Union and intersection, estimating the count as if independent.
  void add_all(const DocBitmap& other);
  void keep_common(const DocBitmap& other);
};

}  // namespace newsidx
