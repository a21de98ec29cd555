// Facets: tags, categories, languages and months counted over every match
// of a query, from the in-memory columns.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "common/doc_bitmap.h"
#include "index/doc_columns.h"
#include "query/column_bm25.h"

namespace newsidx {

// Counts the facets of every match from DocColumns. A MatchSpy of a search
// over several shards is given each document with its shard's docid, so the
// docid of the whole comes from a DocCursor in the query (count_matches).
class FacetSpy : public Xapian::MatchSpy {
 public:
  explicit FacetSpy(const DocColumns& columns) : columns_(columns), counts_(columns.empty_counts()) {}
  void operator()(const Xapian::Document&, double) override { add(current_->did); }
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
  friend bool count_matches(const Xapian::Database&, const Xapian::Query&, FacetSpy&);
  const DocColumns& columns_;
  std::shared_ptr<CurrentDoc> current_ = std::make_shared<CurrentDoc>();
  DocColumns::Counts counts_;
  Xapian::doccount seen_ = 0;
};

// Counts the facets of every match for a search over shard servers, the
// counts sent back and merged (serialise_results / merge_results): on each
// shard server from its columns of the revision searched when it has them
// (shard_resources.h: the query's DocCursor, read before the spy, says),
// else from the documents' values. Gives what FacetSpy gives.
class FacetValueSpy : public Xapian::MatchSpy {
 public:
  FacetValueSpy() = default;
  explicit FacetValueSpy(std::shared_ptr<const CurrentDoc> current) : current_(std::move(current)) {}
  void operator()(const Xapian::Document& doc, double) override;
  Xapian::MatchSpy* clone() const override { return new FacetValueSpy(current_); }
  std::string name() const override { return "newsidx.Facets"; }
  std::string serialise() const override { return {}; }
  Xapian::MatchSpy* unserialise(const std::string&, const Xapian::Registry&) const override {
    return new FacetValueSpy(current_doc_of_this_match());
  }
  std::string serialise_results() const override;
  void merge_results(const std::string& serialised) override;

  Xapian::doccount seen() const { return seen_; }
  std::map<std::string, std::vector<FacetValue>> result(std::size_t max_values) const;

 private:
  std::shared_ptr<const CurrentDoc> current_;
  std::map<std::string, std::size_t> lang_, month_, category_, tag_;
  std::optional<DocColumns::Counts> column_counts_;  // what was counted from current_'s columns
  Xapian::doccount seen_ = 0;
};

// Counts the facets of every document in `matches`. False when the time
// limit (seconds; 0: none) stopped it first.
bool count_bitmap(const DocBitmap& matches, FacetSpy& spy, double time_limit_seconds);

// Counts the facets of every match of `query` in `db`, in a pass without
// weights. False when the query's DeadlineSource (search.cc) stopped it
// before every match was counted.
bool count_matches(const Xapian::Database& db, const Xapian::Query& query, FacetSpy& spy);
bool count_matches(const Xapian::Database& db, const Xapian::Query& query, FacetValueSpy& spy);

}  // namespace newsidx
