// Facets: tags, categories, languages and months counted over every match
// of a query, from the in-memory columns.
#pragma once

#include <map>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/doc_bitmap.h"
#include "index/doc_columns.h"

namespace newsidx {

// Counts the facets of every match from DocColumns.
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(const DocColumns& columns) : columns_(columns), counts_(columns.empty_counts()) {}
  void operator()(const Xapian::Document& doc, double) override { add(doc.get_docid()); }
  void add(Xapian::docid did) {
    columns_.count(did, counts_);
    ++seen_;
  }
  // Matches counted.
  Xapian::doccount seen() const { return seen_; }
  std::map<std::string, std::vector<FacetValue>> result(std::size_t max_values) const {
    return columns_.result(counts_, max_values);
  }

 private:
  const DocColumns& columns_;
  DocColumns::Counts counts_;
  Xapian::doccount seen_ = 0;
};

// Counts the facets of every document in `matches`. False when the time
// limit (seconds; 0: none) stopped it first.
bool count_bitmap(const DocBitmap& matches, FacetSpy& spy, double time_limit_seconds);

// Counts the facets of every match of `query` in `db` that `decider` (may be
// null) keeps, in a pass without weights. False when the time limit stopped
// it before every match was counted.
bool count_matches(const Xapian::Database& db, const Xapian::Query& query, const Xapian::MatchDecider* decider,
                   FacetSpy& spy, double time_limit_seconds);

}  // namespace newsidx
