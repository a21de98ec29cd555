#include "query/title_filter.h"

#include <algorithm>

#include "index/schema.h"
#include "query/wire.h"

namespace newsidx {

std::string TitleSource::serialise() const {
  std::string out;
  wire::put_number(out, static_cast<double>(clauses_.size()));
  for (const TitleClause& clause : clauses_) {
    wire::put_number(out, clause.negated ? 1 : 0);
    wire::put_number(out, static_cast<double>(clause.words.size()));
    for (const auto& readings : clause.words) {
      wire::put_number(out, static_cast<double>(readings.size()));
      for (const auto& term : readings) wire::put(out, term);
    }
  }
  return out;
}

TitleSource* TitleSource::unserialise(const std::string& serialised) const {
  constexpr std::size_t kMost = 1 << 16;
  wire::Reader in(serialised);
  std::vector<TitleClause> clauses(in.count(kMost));
  for (TitleClause& clause : clauses) {
    clause.negated = in.number() != 0;
    clause.words.resize(in.count(kMost));
    for (auto& readings : clause.words) {
      readings.resize(in.count(kMost));
      for (auto& term : readings) term = in.text();
    }
  }
  in.expect_done();
  return new TitleSource(std::move(clauses));
}

void TitleSource::init(const Xapian::Database& db) {
  db_ = db;
  last_ = db.get_lastdocid();
  documents_ = db.get_doccount();
  did_ = 0;
  set_maxweight(0);
}

bool TitleSource::in_title(Xapian::docid did, const std::string& term) const {
  auto p = db_.positionlist_begin(did, term);
  return p != db_.positionlist_end(did, term) && *p < schema::kLeadStart;  // positions ascend
}

bool TitleSource::holds(Xapian::docid did) const {
  for (const TitleClause& clause : clauses_) {
    bool all_in_title = true;
    for (const auto& readings : clause.words) {
      bool found = false;
      for (const auto& term : readings)
        if ((found = in_title(did, term))) break;
      if (!found) {
        all_in_title = false;
        break;
      }
    }
    if (all_in_title == clause.negated) return false;
  }
  return true;
}

bool TitleSource::holds_if_there(Xapian::docid did) const {
  try {
    return holds(did);
  } catch (const Xapian::DocNotFoundError&) {  // a deleted document
    return false;
  }
}

// Only when Xapian walks this leaf itself: the query's other leaves are checked first.
void TitleSource::advance_from(Xapian::docid did) {
  unsure_ = false;
  for (did_ = did; did_ <= last_; ++did_)
    if (holds_if_there(did_)) return;
}

bool TitleSource::at_match_from(Xapian::docid did) const { return !unsure_ && did_ != 0 && did <= did_; }

void TitleSource::skip_to(Xapian::docid did, double) {
  if (at_match_from(did)) return;
  advance_from(unsure_ ? std::max(did, did_ + 1) : did);
}

bool TitleSource::check(Xapian::docid did, double) {
  if (at_match_from(did)) return true;
  did_ = did;
  unsure_ = !holds_if_there(did);
  return !unsure_;
}

}  // namespace newsidx
