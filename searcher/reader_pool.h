// A pool of readers over the latest commit of an index: Xapian handles and
// analyzers are not safe to share between threads, so each call borrows a
// reader of its own, brought up to the latest commit first.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/file_stamp.h"
#include "common/task_gang.h"
#include "index/shards.h"
#include "index/store.h"
#include "index/stored_article.h"
#include "newsidx/analyzer.h"
#include "newsidx/errors.h"
#include "recommend/mostread/popular.h"

namespace newsidx {

struct Reader {
  explicit Reader(const std::string& dir) : views(dir) {}

  // One of each per shard (one in all for an index that is not sharded).
  // A remote shard's generation is "remote HOST:PORT" of the copy it reads,
  // its revision a count of the reopen()s that found a change.
  std::vector<std::string> generations;
  std::vector<FileStamp> versions;  // of the generations' version files when db was last (re)opened
  std::vector<Xapian::Database> parts;
  std::vector<Xapian::rev> revisions;
  // When each remote shard was last asked for its latest commit, and the
  // pool's count of failed reads then (ReaderPool::borrow).
  std::vector<std::chrono::steady_clock::time_point> asked;
  std::uint64_t failures_seen = 0;
  Xapian::Database db;  // the parts as one (the same Xapian objects: a reopen() shows in both)
  Analyzer analyzer;
  ViewsState views;

  store::CommitId commit() const { return store::commit_of(generations, revisions); }
  bool remote() const;  // some shard is on a shard server
  // Shards left out of db because no copy answered (a partial read only).
  std::vector<std::size_t> missing;
  TaskGang gang;  // brings the shards up to date at once (ReaderPool::borrow)

  // How many articles hold a term, remembered until the next commit: each
  // query word has several readings, and looking each up in Xapian's B-tree
  // cost more than the search itself.
  Xapian::doccount term_freq(const std::string& term);
  // Looks up those of `terms` not known yet in one go: the statistics of one
  // match with no results (over shard servers, one exchange per shard, the
  // shards in parallel, instead of a round trip per term per shard).
  void prefetch_term_freqs(const std::vector<std::string>& terms);

 private:
  static constexpr std::size_t kMaxKnownTerms = 200000;
  // Clears the known frequencies after a commit, or when they grew too many.
  void forget_terms_if_stale();
  store::CommitId known_commit_;
  std::unordered_map<std::string, Xapian::doccount> known_terms_;
};

class ReaderPool {
 public:
  // Throws DatabaseError naming dir when there is no usable index there.
  // A remote shard is asked for its latest commit at most once per
  // `remote_refresh_seconds` per reader (0: at every borrow), and again at
  // once after a read failed on a shard server or on a changed index.
  explicit ReaderPool(std::string dir, double remote_refresh_seconds = 0);

  const std::string& dir() const { return dir_; }

  // Runs f(reader) on the latest commit. A writer's commit may overtake the
  // read (DatabaseModifiedError: Xapian keeps the revision being read only
  // until two more commits) and a bulk load may replace the generation being
  // opened (DatabaseOpeningError): both are retried on a fresh view, backing
  // off a little more each time so that a slow read outruns a busy writer.
  // Xapian's errors become DatabaseError naming the directory.
  // With `partial`, a remote shard none of whose copies answers is left out
  // (Reader::missing) instead of failing the call.
  template <class F>
  auto with_reader(F&& f, bool partial = false) {
    constexpr int kAttempts = 20, kNetworkAttempts = 3;
    for (int attempt = 1;; ++attempt) {
      if (attempt > 1) std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
      try {
        auto reader = borrow(partial);
        auto result = f(*reader);
        give_back(std::move(reader));
        return result;
      } catch (const Xapian::NetworkError& e) {
        // A shard server died or stopped answering: the next reader reads
        // another copy, and every reader asks its shards again.
        ++failed_reads_;
        if (attempt >= kNetworkAttempts) throw DatabaseError(dir_ + ": a shard server failed: " + e.get_description());
      } catch (const Xapian::DatabaseModifiedError& e) {
        ++failed_reads_;  // a shard server's copy too old to read: every reader asks again
        if (attempt == kAttempts) throw DatabaseError(dir_ + ": the index changed too fast to read: " + e.get_msg());
      } catch (const Xapian::DatabaseOpeningError& e) {
        if (attempt == kAttempts) throw DatabaseError(store::cannot_open(dir_, e.get_description()));
      } catch (const DamagedData& e) {
        throw DatabaseError(dir_ + ": " + e.what() + "; rebuild the index with newsindex add, or restore a copy");
      } catch (const Xapian::DatabaseCorruptError& e) {
        throw DatabaseError(dir_ + ": the index is damaged (" + e.get_description() +
                            "); rebuild it with newsindex add, or restore a copy");
      } catch (const Xapian::Error& e) {
        throw DatabaseError(dir_ + ": reading the index failed: " + e.get_description());
      }
    }
  }

  // A reader showing the latest commit: reopened only when the stub or the
  // generation's version file changed since it last read them.
  std::unique_ptr<Reader> borrow(bool partial = false);
  void give_back(std::unique_ptr<Reader> reader);

 private:
  // The generation shard k's stub names, read again only when the stub changed.
  std::string current_generation(std::size_t k);
  // Brings shard k of reader to its latest commit; true when it opened it anew.
  bool refresh_local(Reader& reader, std::size_t k);
  bool refresh_remote(Reader& reader, std::size_t k, bool partial);
  // Whether remote shard k of reader was asked recently enough to be read as it is.
  bool recently_asked(const Reader& reader, std::size_t k, std::chrono::steady_clock::time_point now) const;
  // Opens the first copy of remote shard k that answers, trying copies that
  // failed in the last kDownSeconds last. Throws DatabaseError naming the
  // shard when none answers.
  Xapian::Database open_copy(std::size_t k, std::string& used);
  static constexpr double kDownSeconds = 5;

  std::string dir_;
  std::vector<store::Shard> shards_;
  bool remote_ = false;  // some shard is on shard servers
  const std::chrono::steady_clock::duration remote_refresh_;
  std::atomic<std::uint64_t> failed_reads_{0};  // on a shard server, or on a changed index
  std::atomic<std::size_t> next_copy_{0};       // spreads readers over a remote shard's copies
  std::mutex down_mutex_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> down_until_;  // by copy address
  std::mutex idle_mutex_;
  std::vector<std::unique_ptr<Reader>> idle_;
  std::mutex stub_mutex_;  // guards the two below
  std::vector<FileStamp> stub_stamps_;
  std::vector<std::string> stub_generations_;
};

}  // namespace newsidx
