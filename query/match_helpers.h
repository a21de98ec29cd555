// Xapian extension objects a search uses: the title-clause decider and the
// recency weight (the facet counter is in doc_columns.h).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsidx/searcher.h"
#include "query/query_builder.h"

namespace newsidx {

// Keeps a document only when its title clauses hold: each word of a
// title:word clause has a reading at a title position (below
// schema::kLeadStart), and no -title: clause does.
class TitleDecider : public Xapian::MatchDecider {
 public:
  TitleDecider(const Xapian::Database& db, const std::vector<TitleClause>& clauses) : db_(db), clauses_(clauses) {}
  bool operator()(const Xapian::Document& doc) const override;

 private:
  bool in_title(Xapian::docid did, const std::string& term) const;
  const Xapian::Database& db_;
  const std::vector<TitleClause>& clauses_;
};

// Weight kFreshWeight * 2^(-age / half-life) from the publication time, to
// blend recency into the score with OP_AND_MAYBE.
class RecencySource : public Xapian::ValuePostingSource {
 public:
  RecencySource(std::int64_t now, double half_life_days);
  double get_weight() const override;
  RecencySource* clone() const override { return new RecencySource(now_, half_life_days_); }
  void init(const Xapian::Database& db) override;

 private:
  std::int64_t now_;
  double half_life_days_;
};

}  // namespace newsidx
