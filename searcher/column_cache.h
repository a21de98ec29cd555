// The document columns (index/doc_columns.h) of the latest commit, shared by
// all threads. After a commit the new ones are read on a thread of their own
// while searches go on with the last ones, so that no search waits for them
// (40-50 ms at 100k articles); a caller that needs the columns of its very
// commit (facets) reads them at once.
#pragma once

#include <memory>
#include <mutex>
#include <thread>

#include <xapian.h>

#include "index/doc_columns.h"
#include "index/store.h"

namespace newsidx {

class ColumnCache {
 public:
  explicit ColumnCache(bool with_summaries) : with_summaries_(with_summaries) {}
  ~ColumnCache();  // waits for a background read
  ColumnCache(const ColumnCache&) = delete;
  ColumnCache& operator=(const ColumnCache&) = delete;

  // The columns of `commit` (which `db` shows), or null when they are not read yet.
  std::shared_ptr<const DocColumns> of_commit(const store::CommitId& commit);

  // The columns of `commit`, or else the latest read, of an earlier commit,
  // while those of `commit` are read in the background; read at once when
  // there are none yet. Never null.
  std::shared_ptr<const DocColumns> latest(const Xapian::Database& db, const store::CommitId& commit);

  // The columns of `commit`, read at once if need be (one thread reads
  // while the others wait for it).
  std::shared_ptr<const DocColumns> read_now(const Xapian::Database& db, const store::CommitId& commit);

  // The columns last read, of whichever commit, or null.
  std::shared_ptr<const DocColumns> held();

  // Waits until a background read (if any) has ended: for tests.
  void wait_for_background();

 private:
  // mutex_ held for each of these.
  std::shared_ptr<const DocColumns> held_if(const store::CommitId& commit) const;
  void install(std::shared_ptr<const DocColumns> fresh, const store::CommitId& commit);
  void read_in_background(const std::string& generation);

  const bool with_summaries_;
  std::mutex mutex_;  // guards the four below
  std::shared_ptr<const DocColumns> columns_;
  store::CommitId columns_commit_;
  std::thread background_;
  bool background_running_ = false;
  std::mutex read_mutex_;  // one thread reads columns at once at a time
};

}  // namespace newsidx
