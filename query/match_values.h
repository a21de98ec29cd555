// What a search over shard servers needs of the matches it ranked: each
// one's result summary and text fingerprint, fetched in one exchange for
// all of them after the match (each server reads its own documents'
// values), rather than brought by every candidate of the match as its sort
// and collapse keys: at 1M articles those value reads were more than half
// a shard server's work for a search.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace newsidx {

struct MatchValues {
  std::string summary;
  std::uint64_t fingerprint = 0;  // 0: none
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

// Adds the summaries and fingerprints of `docids` (of db, over shard
// servers) to `values`, in one match.
void fetch_match_values(const Xapian::Database& db, std::vector<Xapian::docid> docids,
                        std::unordered_map<Xapian::docid, MatchValues>& values);

}  // namespace newsidx
