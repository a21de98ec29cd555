// title: clauses, checked per matching document against the positions of
// its words (title words stand below schema::kLeadStart).
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

#include "query/query_builder.h"

namespace newsidx {

// A filter leaf (OP_FILTER) that keeps a document only when its title
// clauses hold: each word of a title:word clause has a reading at a title
// position, and no -title: clause does. A PostingSource rather than a
// MatchDecider: Xapian runs it on each shard with the shard's own docids
// and positions, which a MatchDecider of a sharded search does not get.
class TitleSource : public Xapian::PostingSource {
 public:
  explicit TitleSource(std::vector<TitleClause> clauses) : clauses_(std::move(clauses)) {}

  // It reports every document, so that Xapian checks it last, on the candidates of the rest.
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return documents_; }
  Xapian::doccount get_termfreq_max() const override { return documents_; }
  void init(const Xapian::Database& db) override;
  void next(double) override { advance_from(did_ + 1); }  // from a match, or from a document check() refused
  void skip_to(Xapian::docid did, double) override;
  bool check(Xapian::docid did, double) override;
  bool at_end() const override { return did_ > last_; }
  Xapian::docid get_docid() const override { return did_; }
  TitleSource* clone() const override { return new TitleSource(clauses_); }
  std::string name() const override { return "newsidx.Title"; }
  std::string serialise() const override;
  TitleSource* unserialise(const std::string& serialised) const override;

 private:
  bool holds(Xapian::docid did) const;
  bool holds_if_there(Xapian::docid did) const;
  // Whether it stands on a match at or after did.
  bool at_match_from(Xapian::docid did) const;
  bool in_title(Xapian::docid did, const std::string& term) const;
  void advance_from(Xapian::docid did);

  std::vector<TitleClause> clauses_;
  Xapian::Database db_;
  Xapian::docid last_ = 0, did_ = 0;
  bool unsure_ = false;  // check() left did_ on a document it does not hold
  Xapian::doccount documents_ = 0;
};

}  // namespace newsidx
