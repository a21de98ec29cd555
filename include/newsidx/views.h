// Most read: counting article views from web-server access logs, and the
// "Popular" lists.
//
// What counts as a view (README.md, "Most read"): a GET with status 200 of an
// article's url path (query string and fragment ignored) or of /a/<id> for an
// article without a url, by a visitor (IP + User-Agent; the visitor id in
// TSV logs) that is no crawler or script, at most once per visitor and
// article per 30 minutes in either direction, lines taken in file order.
//
// Counts are kept per article per UTC hour in DIR/state.sqlite (SQLite, WAL).
// Each log file's read position (device, inode, offset, and a checksum of its
// first bytes) and the 30-minute deduplication state are committed in the
// same transaction as the counts, so a run that is killed and run again, or
// run again on a grown log, counts every view exactly once.
//
// Thread safety: a ViewCounter is used from one thread; one counts into a
// --db directory at a time: while one exists, constructing another (in any
// process) throws DatabaseError. add_logs() reads and parses on one thread
// of its own, for its duration; the callbacks run on the caller's thread.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsidx/article.h"
#include "newsidx/export.h"
#include "newsidx/time.h"

namespace newsidx {

enum class LogFormat { Combined, Tsv };

struct ViewsOptions {
  // Default: LogFormat::Combined (nginx/Apache "combined").
  LogFormat format = LogFormat::Combined;
  // Lines between commits (each commit also saves the read positions).
  // Default: 250,000 (each written while the next lines are counted).
  std::size_t commit_every = 250000;
  // Called for the first kReportedMalformed malformed lines.
  // Default: none.
  std::function<void(const std::string& file, std::size_t line, const std::string& problem)> on_malformed;
  // Called about twice a second with the lines read so far.
  // Default: none.
  std::function<void(std::uint64_t lines, double seconds)> on_progress;
};

inline constexpr std::size_t kReportedMalformed = 5;

struct ViewsReport {
  std::uint64_t lines = 0;          // lines read in this run
  std::uint64_t views = 0;          // views counted
  std::uint64_t repeats = 0;        // views of a visitor within 30 minutes of a counted one
  std::uint64_t crawler_hits = 0;   // article requests by crawlers and scripts
  std::uint64_t not_views = 0;      // other methods, statuses and paths (static files...)
  std::uint64_t unknown_paths = 0;  // GET 200 of paths that match no article
  std::uint64_t malformed = 0;
  std::uint64_t skipped_bytes = 0;  // already counted by an earlier run
  // Compressed logs that end inside their gzip stream (cut short): the
  // lines before the cut are counted, the cut one waits for the whole file.
  std::vector<std::string> truncated_files;
  double seconds = 0;
};

class NEWSIDX_EXPORT ViewCounter {
 public:
  // Opens (creating) DIR/state.sqlite; the index in DIR names the articles.
  // Throws DatabaseError when another counter is at work on DIR, or the
  // state cannot be opened.
  explicit ViewCounter(std::string db_dir, ViewsOptions options = {});
  ~ViewCounter();
  ViewCounter(const ViewCounter&) = delete;
  ViewCounter& operator=(const ViewCounter&) = delete;

  // Counts the views in access logs (plain or .gz, or "-" for standard
  // input, which is read whole every time). Throws IoError for a file that
  // cannot be read, DatabaseError when the state cannot be written.
  ViewsReport add_logs(const std::vector<std::string>& files);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct PopularRequest {
  // The window's length in seconds, ending at `at`; 0 means all time.
  // Default: 24 hours.
  std::int64_t window_seconds = 24 * 3600;
  // The end of the window, unix seconds.
  // Default: none (now).
  std::optional<std::int64_t> at;
  // Only this edition ("kk" covers every Kazakh script) or category.
  // Default: none.
  std::optional<std::string> lang, category;
  // Default: 5; 0 lists every article with views in the window.
  std::size_t top = 5;
  // Rank by views weighted by 2^(-age / half-life) instead of plain views.
  // Default: false.
  bool trending = false;
  // Default: 6 hours.
  double half_life_hours = 6;
};

struct PopularHit : ArticleSummary {
  std::uint64_t views = 0;  // in the window
  double score = 0;         // trending score, or the views
};

struct PopularResult {
  std::int64_t from = 0, to = 0;  // the window, unix seconds [from, to)
  std::vector<PopularHit> results;
};

// Copies DIR/state.sqlite into dest_dir through SQLite's online backup:
// the counts of one commit, while `newsindex views` goes on counting.
// Returns false when no views were counted yet (nothing to copy). Throws
// DatabaseError when the state cannot be read or dest_dir/state.sqlite
// exists or cannot be written.
NEWSIDX_EXPORT bool copy_view_counts(const std::string& db_dir, const std::string& dest_dir);

}  // namespace newsidx
