// The words of chosen documents, and how many articles hold given terms,
// read where the documents are. Over shard servers Xapian 1.4 brings a term
// list in one message per term, a round trip per document, and reads every
// term's frequency on the way (2 ms a document of a few hundred terms);
// its frequencies come with a match's statistics, which opens every term's
// postings on every shard (10 ms for 500 words at 100k articles on four).
// The spies here read both on the servers, in one match each.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

#include "query/column_bm25.h"
#include "query/shard_question_spy.h"

namespace newsidx {

struct DocWords {
  Xapian::termcount length = 0;                                  // the sum of the wdfs of all its terms
  std::vector<std::pair<std::string, Xapian::termcount>> words;  // its unprefixed terms, in term order, with wdfs
};

// Analysed words: prefixed terms (ids, tags, skeletons...) start with an
// upper-case ASCII letter.
bool is_word(const std::string& term);

// Reads the words of each document it is given; on a shard server sends
// them with the shard's uuid (`current` gives it), so that the client can
// tell the docids of the whole.
class TermListSpy : public Xapian::MatchSpy {
 public:
  explicit TermListSpy(std::shared_ptr<const CurrentDoc> current = nullptr) : current_(std::move(current)) {}
  void operator()(const Xapian::Document& doc, double weight) override;
  Xapian::MatchSpy* clone() const override { return new TermListSpy(current_); }
  std::string name() const override { return "newsidx.TermLists"; }
  std::string serialise() const override { return {}; }
  Xapian::MatchSpy* unserialise(const std::string&, const Xapian::Registry&) const override;
  std::string serialise_results() const override;
  void merge_results(const std::string& serialised) override;

  // What it read here and what the shard servers sent, by the docids of
  // the whole (`all_uuids`).
  void add_to(std::unordered_map<Xapian::docid, DocWords>& lists, const std::string& all_uuids) const;

 private:
  std::shared_ptr<const CurrentDoc> current_;
  std::vector<std::pair<Xapian::docid, DocWords>> read_;                                       // on a shard server
  std::vector<std::pair<std::string, std::vector<std::pair<Xapian::docid, DocWords>>>> sent_;  // here: per shard uuid
};

// Reads, on each shard server, how many of its shard's documents hold each
// of `terms` (one lookup each) and sends the counts; the client adds them up.
class TermFreqSpy : public ShardQuestionSpy<TermFreqSpy> {
 public:
  explicit TermFreqSpy(std::vector<std::string> terms, std::shared_ptr<const CurrentDoc> current = nullptr)
      : ShardQuestionSpy(std::move(terms), std::move(current)) {}
  std::string name() const override { return "newsidx.TermFreqs"; }
  std::string serialise_results() const override;
  void merge_results(const std::string& serialised) override;

  // The sums of what `shards` servers sent; throws Xapian::NetworkError
  // naming the count when another number of them answered.
  std::unordered_map<std::string, Xapian::doccount> freqs(std::size_t shards) const;

 private:
  std::vector<Xapian::doccount> sums_;  // here: by term, over the shards merged
  std::size_t merged_ = 0;
};

// How many articles of db (over shard servers) hold each of `terms`, in one
// match that reads no postings.
std::unordered_map<std::string, Xapian::doccount> term_freqs_on_shard_servers(const Xapian::Database& db,
                                                                              const std::vector<std::string>& terms);

// The words of `docids` of db, by docid, in one match (over shard servers
// one exchange with them all).
std::unordered_map<Xapian::docid, DocWords> words_in_one_match(const Xapian::Database& db,
                                                               std::vector<Xapian::docid> docids);

// The words of a document of db, from its term list.
DocWords words_of(const Xapian::Database& db, Xapian::docid did);

}  // namespace newsidx
