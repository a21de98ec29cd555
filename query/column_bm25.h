// BM25 with the document lengths read from memory (DocColumns) instead of
// from Xapian.
//
// Xapian reads a matching document's length from the length list of the
// index, decoding a chunk of it each time, which with length normalisation
// on (b > 0) weighs on every search. Xapian's Weight API does not say
// which document it is weighing, so a DocCursor, a leaf that matches every
// document and adds no weight, is AND-ed at the top of the query: Xapian
// moves it to each candidate before asking for that candidate's weight, and
// it notes the document id where the weight looks it up.
//
// The formula is Xapian's BM25Weight with k2 = 0 and k3 = 1 (Robertson's
// idf, raised to log(1 + tw/2) for terms in more than a third of the
// documents), so the scores are the same.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include <xapian.h>

#include "index/doc_columns.h"
#include "index/shards.h"

namespace newsidx {

// The document a match is weighing and what it is weighed with: the
// DocCursor writes it, ColumnBM25 and the facet spies read it.
struct CurrentDoc {
  Xapian::docid did = 0;
  // Document lengths by did; null: Xapian's own lengths.
  std::shared_ptr<const std::vector<std::uint32_t>> lengths;
  // On a shard server, its columns of the revision searched (shard_resources.h), or null.
  std::shared_ptr<const DocColumns> columns;
  // On a shard server, the shard searched (for the spies that read its vocabulary).
  std::optional<Xapian::Database> shard;
};

// The document it notes is the one of the whole database searched: Xapian
// runs it on each shard with that shard's own docids, which it translates
// (`all_uuids`: the uuid of the whole, naming the shards in order). Sent to
// a shard server, it notes the shard's own docids there and takes the
// lengths and columns of the server's ShardResources; it must then come
// first in the query, so that it is read and initialised before the
// weights that read it.
class DocCursor : public Xapian::PostingSource {
 public:
  DocCursor(std::shared_ptr<CurrentDoc> current, std::string all_uuids)
      : current_(std::move(current)), all_uuids_(std::move(all_uuids)) {}

  Xapian::doccount get_termfreq_min() const override { return documents_; }
  Xapian::doccount get_termfreq_est() const override { return documents_; }
  Xapian::doccount get_termfreq_max() const override { return documents_; }
  void init(const Xapian::Database&) override;
  void next(double) override { current_->did = place_.global(++did_); }
  void skip_to(Xapian::docid did, double) override;
  bool check(Xapian::docid did, double) override;
  bool at_end() const override { return did_ > last_; }
  Xapian::docid get_docid() const override { return did_; }
  DocCursor* clone() const override { return new DocCursor(current_, all_uuids_); }
  std::string name() const override { return "newsidx.Cursor"; }
  std::string serialise() const override { return {}; }  // a shard server's copy notes its own docids
  DocCursor* unserialise(const std::string& serialised) const override;

 private:
  std::shared_ptr<CurrentDoc> current_;
  std::string all_uuids_;  // empty: on a shard server (or the shards of one searched over shard servers)
  store::ShardPlace place_;
  Xapian::docid last_ = 0;
  Xapian::doccount documents_ = 0;
  Xapian::docid did_ = 0;
};

// The CurrentDoc of the match this thread's shard server is reading (the
// last DocCursor it unserialised), or a new one.
std::shared_ptr<CurrentDoc> current_doc_of_this_match();

// BM25 with the lengths of `current` when it has them, else Xapian's own.
class ColumnBM25 : public Xapian::Weight {
 public:
  ColumnBM25(double k1, double b, double min_normlen, std::shared_ptr<const CurrentDoc> current);

  ColumnBM25* clone() const override;
  void init(double factor) override;
  double get_sumpart(Xapian::termcount wdf, Xapian::termcount length, Xapian::termcount) const override;
  double get_maxpart() const override;
  double get_sumextra(Xapian::termcount, Xapian::termcount) const override { return 0; }
  double get_maxextra() const override { return 0; }
  std::string name() const override { return "newsidx.BM25"; }
  std::string serialise() const override;
  ColumnBM25* unserialise(const std::string& serialised) const override;

 private:
  double k1_, b_, min_normlen_;
  std::shared_ptr<const CurrentDoc> current_;
  std::shared_ptr<const std::vector<std::uint32_t>> lengths_;  // current_'s at init
  double termweight_ = 0, len_factor_ = 0;
};

// Xapian's floor on a document's length over the average for BM25: very
// short documents are not favoured without bound.
inline constexpr double kMinNormalisedLength = 0.5;

// Has `enquire` rank `query` by BM25 with k1 and b: with `lengths` (those of
// db's very commit) through ColumnBM25 and a DocCursor, without them by
// Xapian's BM25Weight; `on_shard_servers`, with the lengths of each shard
// server's own columns when it has them, and always the DocCursor first
// (phrases: by BM25Weight), whose CurrentDoc the spies there take. The
// scores are the same.
void rank_by_bm25(Xapian::Enquire& enquire, const Xapian::Query& query, const Xapian::Database& db, double k1, double b,
                  const std::shared_ptr<const std::vector<std::uint32_t>>& lengths, bool on_shard_servers = false);

}  // namespace newsidx
