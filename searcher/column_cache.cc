#include "searcher/column_cache.h"

namespace newsidx {

ColumnCache::~ColumnCache() { wait_for_background(); }

void ColumnCache::wait_for_background() {
  std::thread ending;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    ending = std::move(background_);
  }
  if (ending.joinable()) ending.join();
}

std::shared_ptr<const DocColumns> ColumnCache::of_commit(const store::CommitId& commit) {
  std::lock_guard<std::mutex> lock(mutex_);
  return held_if(commit);
}

std::shared_ptr<const DocColumns> ColumnCache::latest(const Xapian::Database& db, const store::CommitId& commit) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto held = held_if(commit)) return held;
    if (columns_) {
      read_in_background(commit.generation);
      return columns_;
    }
  }
  return read_now(db, commit);
}

std::shared_ptr<const DocColumns> ColumnCache::read_now(const Xapian::Database& db, const store::CommitId& commit) {
  std::lock_guard<std::mutex> reading(read_mutex_);
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto held = held_if(commit)) return held;  // read meanwhile by another thread
  }
  auto fresh = std::make_shared<const DocColumns>(db, with_summaries_);
  std::lock_guard<std::mutex> lock(mutex_);
  install(fresh, commit);
  return fresh;
}

std::shared_ptr<const DocColumns> ColumnCache::held() {
  std::lock_guard<std::mutex> lock(mutex_);
  return columns_;
}

std::shared_ptr<const DocColumns> ColumnCache::held_if(const store::CommitId& commit) const {
  return columns_commit_ == commit ? columns_ : nullptr;
}

// Keeps the columns unless newer ones of the same generation are in place.
void ColumnCache::install(std::shared_ptr<const DocColumns> fresh, const store::CommitId& commit) {
  if (columns_ && columns_commit_.generation == commit.generation && columns_commit_.revision > commit.revision) return;
  columns_ = std::move(fresh);
  columns_commit_ = commit;
}

void ColumnCache::read_in_background(const std::string& generation) {
  if (background_running_) return;
  if (background_.joinable()) background_.join();  // it has ended: it cleared background_running_
  background_running_ = true;
  background_ = std::thread([this, generation] {
    std::shared_ptr<const DocColumns> fresh;
    Xapian::rev revision = 0;
    try {
      const Xapian::Database db = store::open_commit(generation, revision);
      fresh = std::make_shared<const DocColumns>(db, with_summaries_);
    } catch (const Xapian::Error&) {
      // Overtaken by commits or a new generation: a later search starts again.
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (fresh) install(fresh, {generation, revision});
    background_running_ = false;
  });
}

}  // namespace newsidx
