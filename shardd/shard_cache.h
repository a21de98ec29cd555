// What a shard server keeps of its shard for all its connections
// (query/shard_resources.h): the document columns and the terms' bitmaps of
// the revision its connections search. Each connection opens the shard
// itself, at whatever revision it last reopened; the columns serve only a
// connection at their very revision, so a search never weighs or counts
// with another commit's lengths or values.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "query/shard_resources.h"
#include "query/word_bitmaps.h"

namespace newsidx {

class ShardCache : public ShardResources {
 public:
  // `path`: what Xapian opens for the shard (the stub, or a replica's directory).
  ShardCache(std::string path, std::size_t bitmap_bytes);
  ~ShardCache() override;

  // Those of `db`'s revision; when they are not read yet, null, and a thread
  // of their own reads the shard's latest revision meanwhile (at 250k
  // articles about a tenth of a second): searches go on with Xapian's own
  // lengths and values until then.
  std::shared_ptr<const DocColumns> columns(const Xapian::Database& db) override;
  std::shared_ptr<const DocBitmap> bitmap(const Xapian::Database& db, const std::string& term) override;

 private:
  void read_latest();

  const std::string path_;
  std::mutex mutex_;
  std::condition_variable done_;
  store::CommitId columns_commit_;  // uuid and revision
  std::shared_ptr<const DocColumns> columns_;
  bool reading_ = false;
  bool stopping_ = false;
  std::thread reader_;
  TermBitmaps bitmaps_;
};

}  // namespace newsidx
