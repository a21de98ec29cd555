// title: clauses, checked per matching document against the positions of
// its words (title words stand below schema::kLeadStart).
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

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

}  // namespace newsidx
