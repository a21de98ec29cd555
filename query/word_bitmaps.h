// Frequent words of an all-words query, matched from in-memory bitmaps.
//
// Every result of an all-words query contains every word, so a word found in
// a large share of articles ("в", "the", "将") does not change the order of
// the results; it only has to be checked. Xapian checks it by skipping
// through its long posting list, decoding a chunk for each candidate, which
// made such words most of the cost of a search. A bitmap of the articles
// holding the word answers the same question with one bit test.
//
// Bitmaps are built from the posting lists on first use and kept until the
// next commit (a commit may add, replace or delete any article), the least
// recently used dropped when they fill their memory.
#pragma once

#include <algorithm>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/doc_bitmap.h"
#include "index/shards.h"
#include "index/store.h"
#include "newsidx/analyzer.h"

static_assert(sizeof(Xapian::docid) == sizeof(newsidx::DocId), "DocBitmap holds Xapian document ids");

namespace newsidx {

// Bitmaps per term for one revision of the index, shared by all searches.
class TermBitmaps {
 public:
  explicit TermBitmaps(std::size_t max_bytes) : max_bytes_(max_bytes) {}

  // The bitmap of `term` in `db`, which shows `commit`. Kept for later searches when the term
  // is in at least `keep_from` articles (a rare term's bitmap is as large
  // as a frequent one's, and quicker to build again).
  std::shared_ptr<const DocBitmap> get(const Xapian::Database& db, const store::CommitId& commit,
                                       const std::string& term, Xapian::doccount keep_from);

  // The memory of the bitmaps kept.
  std::size_t bytes();

 private:
  struct Kept {
    std::shared_ptr<const DocBitmap> bitmap;
    std::uint64_t used = 0;  // when last asked for (a count of asks)
  };
  // Drops the least recently used bitmaps until `more` bytes fit.
  void make_room(std::size_t more);

  std::mutex mutex_;
  std::size_t max_bytes_;
  std::size_t bytes_ = 0;
  std::uint64_t asks_ = 0;
  store::CommitId commit_;
  std::unordered_map<std::string, Kept> bitmaps_;
};

// A Xapian leaf that matches the documents of a bitmap and adds no weight.
// The bitmap holds docids of the whole database searched (`all_uuids`, its
// uuid, names its shards in order); on each shard the leaf matches that
// shard's part of it, in the shard's own docids.
class BitmapSource : public Xapian::PostingSource {
 public:
  BitmapSource(std::shared_ptr<const DocBitmap> bitmap, std::string all_uuids)
      : bitmap_(std::move(bitmap)), all_uuids_(std::move(all_uuids)) {}

  Xapian::doccount get_termfreq_min() const override {
    return bitmap_->exact && place_.count == 1 ? bitmap_->count : 0;
  }
  Xapian::doccount get_termfreq_est() const override { return bitmap_->count / place_.count; }
  Xapian::doccount get_termfreq_max() const override { return std::min(bitmap_->most, shard_size_); }
  void init(const Xapian::Database& db) override;
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool check(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return did_ == 0 && started_; }
  Xapian::docid get_docid() const override { return did_; }
  BitmapSource* clone() const override { return new BitmapSource(bitmap_, all_uuids_); }
  std::string name() const override { return {}; }  // not serialisable: local searches only

 protected:
  std::shared_ptr<const DocBitmap> bitmap_;
  std::string all_uuids_;

 private:
  // The first document of this shard at or after its docid `from`, or 0.
  Xapian::docid next_from(Xapian::docid from) const;

  store::ShardPlace place_;
  Xapian::doccount shard_size_ = 0;
  Xapian::docid did_ = 0;  // 0 at the end (once started)
  bool started_ = false;
  bool unsure_ = false;  // check() left did_ on a document it does not hold
};

// The frequent words of an all-words query over shard servers, as one
// filter: each shard server makes their bitmap from its shard's postings,
// keeping the terms' bitmaps of the revision for all its connections
// (shard_resources.h); what BitmapSource matches in one index.
class FrequentWordsSource : public BitmapSource {
 public:
  explicit FrequentWordsSource(std::vector<QueryWord> words) : BitmapSource(nullptr, {}), words_(std::move(words)) {}
  void init(const Xapian::Database& db) override;
  FrequentWordsSource* clone() const override { return new FrequentWordsSource(words_); }
  std::string name() const override { return "newsidx.Frequent"; }
  std::string serialise() const override;
  FrequentWordsSource* unserialise(const std::string& serialised) const override;

 private:
  std::vector<QueryWord> words_;  // their terms, loose readings and bigrams
};

// The documents of `db` that hold `term`.
std::shared_ptr<DocBitmap> term_bitmap(const Xapian::Database& db, const std::string& term);

// The articles that have every one of the words (a word: any exact reading,
// its bigrams together, or a loose reading).
using BitmapOf = std::function<std::shared_ptr<const DocBitmap>(const std::string& term)>;
std::shared_ptr<const DocBitmap> words_bitmap(const std::vector<QueryWord>& words, const BitmapOf& bitmap_of);

}  // namespace newsidx
