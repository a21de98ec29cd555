// What a search over shard servers needs of the matches it ranked: each
// one's result summary and text fingerprint, fetched in one exchange for
// all of them after the match (each server reads them from its columns),
// rather than brought by every candidate of the match as its sort and
// collapse keys: at 1M articles those value reads were more than half a
// shard server's work for a search.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "query/collapse.h"
#include "query/column_bm25.h"

namespace newsidx {

struct MatchValues {
  std::string summary;
  std::uint64_t fingerprint = 0;  // 0: none
  std::uint64_t story = 0;        // DocColumns::story_key: 0 for none
  std::string article;            // the stored (packed) article, where it was asked for
};

// The documents `docids` of `db` (of the whole database searched, its uuid
// `all_uuids` naming its shards in order), matched on the shard that holds
// each and nothing else: a shard server reads only their values.
class DocidsSource : public Xapian::PostingSource {
 public:
  DocidsSource(std::vector<Xapian::docid> docids, std::string all_uuids);
  Xapian::doccount get_termfreq_min() const override { return static_cast<Xapian::doccount>(mine_.size()); }
  Xapian::doccount get_termfreq_est() const override { return static_cast<Xapian::doccount>(mine_.size()); }
  Xapian::doccount get_termfreq_max() const override { return static_cast<Xapian::doccount>(mine_.size()); }
  void init(const Xapian::Database& db) override;
  void next(double) override;
  void skip_to(Xapian::docid did, double) override;
  bool at_end() const override { return started_ && at_ >= mine_.size(); }
  Xapian::docid get_docid() const override { return mine_[at_]; }
  DocidsSource* clone() const override { return new DocidsSource(docids_, all_uuids_); }
  std::string name() const override { return "newsidx.Docids"; }
  std::string serialise() const override;
  DocidsSource* unserialise(const std::string& serialised) const override;

 private:
  std::vector<Xapian::docid> docids_;  // of the whole, ascending
  std::string all_uuids_;
  std::vector<Xapian::docid> mine_;  // this shard's, in its own docids
  std::size_t at_ = 0;
  bool started_ = false;  // a posting source starts before its first document
};

// Reads the summary and fingerprint of each document it is given, on a
// shard server from its columns (the query's DocCursor gives them, and the
// shard), else from the document's values; sends them with the shard's
// uuid, so that the client can tell the docids of the whole.
//
// With `best` > 0 it reads only those of the `best` highest weights (equal
// weights: the lowest docids first, Xapian's order), once the match ended:
// added to a match by relevance for `best` results, it brings the values of
// every result the shard sends, in that match's exchange. With
// `with_articles` it also reads each one's stored article (for snippets).
class MatchValuesSpy : public Xapian::MatchSpy {
 public:
  explicit MatchValuesSpy(std::shared_ptr<const CurrentDoc> current = nullptr, Xapian::doccount best = 0,
                          bool with_articles = false)
      : current_(std::move(current)), best_(best), with_articles_(with_articles) {}
  void operator()(const Xapian::Document& doc, double weight) override;
  Xapian::MatchSpy* clone() const override { return new MatchValuesSpy(current_, best_, with_articles_); }
  std::string name() const override { return "newsidx.MatchValues"; }
  std::string serialise() const override;
  Xapian::MatchSpy* unserialise(const std::string&, const Xapian::Registry&) const override;
  std::string serialise_results() const override;
  void merge_results(const std::string& serialised) override;

  // What the shard servers sent, by the docids of the whole (`all_uuids`).
  void add_to(std::unordered_map<Xapian::docid, MatchValues>& values, const std::string& all_uuids) const;

 private:
  struct Read {
    Xapian::docid did;  // the shard's own
    MatchValues values;
  };
  struct Scored {
    double weight;
    Xapian::docid did;
    // Ranks after `o` in Xapian's order by relevance.
    bool worse_than(const Scored& o) const { return weight != o.weight ? weight < o.weight : did > o.did; }
  };
  // The values of `did`, or nullopt for a docid with no document.
  std::optional<MatchValues> values_of(Xapian::docid did, const Xapian::Document* doc) const;
  std::shared_ptr<const CurrentDoc> current_;
  Xapian::doccount best_ = 0;
  bool with_articles_ = false;
  std::vector<Scored> kept_;  // with best_: a heap, the worst kept on top
  std::vector<Read> read_;                                      // on a shard server
  std::vector<std::pair<std::string, std::vector<Read>>> sent_;  // here: per shard uuid
};

// `ranked_by` (a Fetch of `enquire` over db, on shard servers) with the values of
// each match it ranks added to `values`: by relevance each server sends
// its results' values with them (a MatchValuesSpy keeping the n best), and
// what is still missing (by date: all) comes in one more exchange.
Fetch fetch_with_values(Xapian::Enquire& enquire, const Xapian::Database& db, Fetch ranked_by, bool by_relevance,
                        std::unordered_map<Xapian::docid, MatchValues>& values);

// Runs `spy` over the documents `docids` of db in one match that returns
// none: on each shard server it sees that shard's documents among them,
// and the shard and its columns (CurrentDoc).
void spy_on_docids(const Xapian::Database& db, std::vector<Xapian::docid> docids, Xapian::MatchSpy& spy);

// Runs `spy` once on each shard server, in a match of the cursor alone
// that reads no postings: a spy that reads its shard (CurrentDoc) when its
// results are asked for.
void spy_on_shards(const Xapian::Database& db, Xapian::MatchSpy& spy);

// The stored summaries of the articles `ids` that db (over shard servers)
// has, by id, in one match (looked up one by one, each id would be a round
// trip to every shard in turn, and its document one more).
std::unordered_map<std::string, std::string> summaries_by_id_in_one_match(const Xapian::Database& db,
                                                                          const std::vector<std::string>& ids);

// Adds the summaries and fingerprints of `docids` (of db, over shard
// servers) to `values`, and with `with_articles` their stored articles, in
// one match (Xapian 1.4 fetches remote documents one round trip each).
void fetch_match_values(const Xapian::Database& db, std::vector<Xapian::docid> docids,
                        std::unordered_map<Xapian::docid, MatchValues>& values, bool with_articles = false);

}  // namespace newsidx
