// A fixed weight for every document holding one term: related news weighs
// shared tags with it (BM25 gives boolean terms no weight).
#pragma once

#include <string>

#include <xapian.h>

#include "query/wire.h"

namespace newsidx {

class TermWeightSource : public Xapian::PostingSource {
 public:
  TermWeightSource(std::string term, double weight) : term_(std::move(term)), weight_(weight) {}
  void init(const Xapian::Database& db) override {
    db_ = db;
    it_ = db_.postlist_begin(term_);
    started_ = false;
    set_maxweight(weight_);
    termfreq_ = db_.get_termfreq(term_);
  }
  Xapian::doccount get_termfreq_min() const override { return termfreq_; }
  Xapian::doccount get_termfreq_est() const override { return termfreq_; }
  Xapian::doccount get_termfreq_max() const override { return termfreq_; }
  void next(double) override {
    if (started_) ++it_;
    started_ = true;
  }
  void skip_to(Xapian::docid did, double) override {
    started_ = true;
    it_.skip_to(did);
  }
  bool at_end() const override { return started_ && it_ == db_.postlist_end(term_); }
  Xapian::docid get_docid() const override { return *it_; }
  double get_weight() const override { return weight_; }
  TermWeightSource* clone() const override { return new TermWeightSource(term_, weight_); }
  std::string name() const override { return "newsidx.TermWeight"; }
  std::string serialise() const override {
    std::string out;
    wire::put(out, term_);
    wire::put_number(out, weight_);
    return out;
  }
  TermWeightSource* unserialise(const std::string& serialised) const override {
    wire::Reader in(serialised);
    std::string term = in.text();
    const double weight = in.number();
    in.expect_done();
    return new TermWeightSource(std::move(term), weight);
  }

 private:
  std::string term_;
  double weight_;
  Xapian::Database db_;
  Xapian::PostingIterator it_;
  bool started_ = false;
  Xapian::doccount termfreq_ = 0;
};

}  // namespace newsidx
