#include "shardd/shard_cache.h"

#include <cstdio>

namespace newsidx {
namespace {

store::CommitId commit_of(const Xapian::Database& db) { return store::CommitId{db.get_uuid(), db.get_revision()}; }

}  // namespace

ShardCache::ShardCache(std::string path, std::size_t bitmap_bytes) : path_(std::move(path)), bitmaps_(bitmap_bytes) {}

ShardCache::~ShardCache() {
  std::unique_lock<std::mutex> lock(mutex_);
  stopping_ = true;
  done_.wait(lock, [this] { return !reading_; });
  lock.unlock();
  if (reader_.joinable()) reader_.join();
}

std::shared_ptr<const DocColumns> ShardCache::columns(const Xapian::Database& db) {
  const store::CommitId wanted = commit_of(db);
  std::lock_guard<std::mutex> lock(mutex_);
  if (columns_ && columns_commit_ == wanted) return columns_;
  if (!reading_ && !stopping_) {
    if (reader_.joinable()) reader_.join();  // the last read, finished
    reading_ = true;
    reader_ = std::thread([this] { read_latest(); });
  }
  return nullptr;
}

void ShardCache::read_latest() {
  std::shared_ptr<const DocColumns> read;
  store::CommitId commit;
  try {
    const Xapian::Database db(path_);
    commit = commit_of(db);
    read = std::make_shared<const DocColumns>(db, /*with_summaries=*/true);
  } catch (const Xapian::Error& e) {  // searches go on without (the next asks again)
    std::fprintf(stderr, "newsidx-shardd: reading the columns of %s: %s\n", path_.c_str(),
                 e.get_description().c_str());
  }
  std::lock_guard<std::mutex> lock(mutex_);
  if (read) {
    columns_ = std::move(read);
    columns_commit_ = commit;
  }
  reading_ = false;
  done_.notify_all();
}

std::shared_ptr<const DocBitmap> ShardCache::bitmap(const Xapian::Database& db, const std::string& term) {
  return bitmaps_.get(db, commit_of(db), term, /*keep_from=*/0);
}

}  // namespace newsidx
