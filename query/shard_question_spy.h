// The shape of a match spy that asks each shard server about a list of
// strings (terms, readings) and reads nothing per document: run with
// spy_on_shards (match_values.h), it is sent to each server with its list,
// answers there from the shard it finds in the match's CurrentDoc
// (Self::serialise_results), and the client adds up the answers
// (Self::merge_results).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

#include "query/column_bm25.h"
#include "query/wire.h"

namespace newsidx {

template <class Self>
class ShardQuestionSpy : public Xapian::MatchSpy {
 public:
  ShardQuestionSpy(std::vector<std::string> asked, std::shared_ptr<const CurrentDoc> current)
      : asked_(std::move(asked)), current_(std::move(current)) {}

  void operator()(const Xapian::Document&, double) override {}
  Xapian::MatchSpy* clone() const override { return new Self(asked_, current_); }
  std::string serialise() const override {
    std::string out;
    wire::put_list(out, asked_);
    return out;
  }
  Xapian::MatchSpy* unserialise(const std::string& serialised, const Xapian::Registry&) const override {
    wire::Reader in(serialised);
    std::vector<std::string> asked = in.list();
    in.expect_done();
    return new Self(std::move(asked), current_doc_of_this_match());
  }

 protected:
  const std::vector<std::string>& asked() const { return asked_; }
  // On a shard server, the shard it searches; null on the client.
  const Xapian::Database* shard() const { return current_ && current_->shard ? &*current_->shard : nullptr; }

 private:
  std::vector<std::string> asked_;
  std::shared_ptr<const CurrentDoc> current_;
};

}  // namespace newsidx
