#include <sys/stat.h>
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <future>
#include <memory>
#include <optional>

#include <xapian.h>

#include "common/batch_pipe.h"
#include "common/date.h"
#include "common/file_lock.h"
#include "common/flat_table.h"
#include "common/hash.h"
#include "common/line_reader.h"
#include "common/recent_cache.h"
#include "common/string_index.h"
#include "index/schema.h"
#include "index/shards.h"
#include "index/store.h"
#include "index/stored_article.h"
#include "newsidx/article.h"
#include "newsidx/errors.h"
#include "newsidx/views.h"
#include "recommend/mostread/access_log.h"
#include "recommend/mostread/articles_table.h"
#include "recommend/mostread/day_hours.h"
#include "recommend/mostread/sqlite.h"
#include "recommend/mostread/state_schema.h"

namespace newsidx {
namespace {

using Clock = std::chrono::steady_clock;

// A visitor's views of an article count once per this many seconds.
constexpr std::int64_t kDedupSeconds = 30 * 60;
// Dedup entries older than this behind the newest line are dropped: 30
// minutes, plus 10 for lines a little out of order.
constexpr std::int64_t kDedupKeep = kDedupSeconds + 10 * 60;
constexpr std::size_t kHeadBytes = 64;
constexpr const char* kLockFile = "views.lock";

struct VisitorArticle {
  std::uint64_t visitor = 0;
  std::uint32_t article = 0;
  bool operator==(const VisitorArticle& o) const { return visitor == o.visitor && article == o.article; }
};
struct VisitorArticleHash {
  std::size_t operator()(const VisitorArticle& k) const { return mix64(k.visitor ^ k.article); }
};

using ViewsByArticleHour = FlatTable<std::uint64_t, std::uint32_t, Mix64Hash>;  // article << 32 | hour -> views
using LastCounted = FlatTable<VisitorArticle, std::int64_t, VisitorArticleHash>;  // -> time last counted

// What one commit saves: the views counted since the last one, and the
// 30-minute state and the read position as of its last line.
struct CommitJob {
  ViewsByArticleHour counts;
  LastCounted dedup;
  std::optional<struct stat> file;  // a file whose position is kept
  std::string head, path;
  std::uint64_t offset = 0, line = 0;
};

// A log line as counting needs it. Lines are read in batches in order, and
// classified on several threads at once (run_pipelined): parsing is most of
// the work, and the counter's 30-minute visitor state must see the lines in
// order.
struct ParsedLine {
  enum class Kind : std::uint8_t { Blank, View, Malformed, TooLong, NotView, Crawler, UnknownPath };
  Kind kind = Kind::Blank;
  std::uint32_t article = 0;
  std::uint64_t visitor = 0;
  std::int64_t time = 0;
  std::uint64_t end = 0;  // the uncompressed offset just past the line
  std::uint32_t text_begin = 0, text_size = 0;  // the line in its batch's text
};
struct ParsedBatch {
  std::string text;  // the batch's lines, back to back
  std::vector<ParsedLine> lines;
  std::vector<std::string> problems;  // what is wrong with each Malformed line, in order
  // The length of the whole lines as read ("\n" and all) at the start of
  // `text`, which a classifying thread splits into `lines`: the reading,
  // one thread at a time, copies blocks instead of lines.
  std::size_t unsplit = 0;
  std::uint64_t start = 0;  // the uncompressed offset of text's first byte
};
// A batch is a block of lines this long, or one line that no block holds.
constexpr std::size_t kBlockBytes = 1 << 20;

// Splits a batch's block of whole lines into its lines, read as
// LineReader::next reads them one at a time (LineReader::as_read).
void split_lines(ParsedBatch& batch) {
  const std::string_view text(batch.text.data(), batch.unsplit);
  for (std::size_t at = 0; at < text.size();) {
    const std::size_t newline = text.find('\n', at);  // every line of a block ends with one
    bool too_long = false;
    const std::string_view read = LineReader::as_read(text.substr(at, newline - at), kMaxLineBytes, too_long);
    ParsedLine& line = batch.lines.emplace_back();
    line.end = batch.start + newline + 1;
    if (too_long) {
      line.kind = ParsedLine::Kind::TooLong;
    } else {
      line.text_begin = static_cast<std::uint32_t>(at);
      line.text_size = static_cast<std::uint32_t>(read.size());
    }
    at = newline + 1;
  }
  batch.unsplit = 0;
}
constexpr std::size_t kPrefetchAhead = 8;
// Threads classifying lines: two keep the counter busy on two cores.
constexpr std::size_t kClassifiers = 2;

// An article's views in an hour, keyed by (day, the article's place among
// the ids in byte order): rows sort by day and id in one comparison, without
// comparing ids.
struct HourRow {
  std::uint64_t day_and_order;
  std::uint32_t hour;
  std::uint32_t views;
};

// Upserts the hourly rows as one row per article and day (day_hours.h), in
// the table's key order. `in_byte_order`: article indexes by place.
void write_days(sql::Stmt& upsert, std::vector<HourRow>& hourly, const std::vector<std::uint32_t>& in_byte_order,
                const std::vector<std::string>& ids) {
  std::sort(hourly.begin(), hourly.end(),
            [](const HourRow& a, const HourRow& b) { return a.day_and_order < b.day_and_order; });
  DayRowWriter days(upsert);
  for (const HourRow& r : hourly)
    days.add(r.hour, ids[in_byte_order[r.day_and_order & 0xFFFFFFFFu]], r.views);
  days.finish();
}

// Upserts each article's views in all, in id order: `by_place` holds them
// by the article's place in byte order, nonzero at the places `touched`
// only, which it leaves zero again. A commit costs its own articles, not
// the index's.
void write_totals(sql::Stmt& upsert, std::vector<std::uint64_t>& by_place, std::vector<std::uint32_t>& touched,
                  const std::vector<std::uint32_t>& in_byte_order, const std::vector<std::string>& ids) {
  std::sort(touched.begin(), touched.end());
  for (const std::uint32_t place : touched) {
    upsert.bind(1, std::string_view(ids[in_byte_order[place]])).bind(2, static_cast<std::int64_t>(by_place[place]));
    upsert.step();
    upsert.reset();
    by_place[place] = 0;
  }
}

// The article indexes sorted by id in byte order (SQLite's order of TEXT keys).
std::vector<std::uint32_t> sorted_by_id(const std::vector<std::string>& ids) {
  std::vector<std::uint32_t> sorted(ids.size());
  for (std::uint32_t i = 0; i < ids.size(); ++i) sorted[i] = i;
  std::sort(sorted.begin(), sorted.end(), [&](std::uint32_t a, std::uint32_t b) { return ids[a] < ids[b]; });
  return sorted;
}

// What log lines are: one per classifying thread, each with caches of its
// own (User-Agents and article paths repeat from line to line).
class LineClassifier {
 public:
  LineClassifier(LogFormat format, const StringIndex& by_path, const StringIndex& by_id)
      : tsv_(format == LogFormat::Tsv), by_path_(by_path), by_id_(by_id) {}

  // Classifies the batch's lines that were read but not yet classified.
  void classify(ParsedBatch& batch) {
    if (batch.unsplit > 0) split_lines(batch);
    for (ParsedLine& line : batch.lines)
      if (line.kind == ParsedLine::Kind::Blank && line.text_size > 0)
        classify(std::string_view(batch.text).substr(line.text_begin, line.text_size), line, batch.problems);
  }

 private:
  struct Agent {
    std::uint64_t hash = 0;
    bool crawler = false;
  };

  void classify(std::string_view text, ParsedLine& out, std::vector<std::string>& problems) {
    using Kind = ParsedLine::Kind;
    std::string problem;
    const auto r = tsv_ ? parse_tsv(text, problem) : parse_combined(text, problem, day_cache_);
    if (!r) {
      out.kind = Kind::Malformed;
      problems.push_back(std::move(problem));
      return;
    }
    out.time = r->time;
    if (tsv_) {
      const auto a = by_id_.find(r->path);
      if (!a) out.kind = Kind::UnknownPath;
      else set_view(out, *a, hash64(r->visitor));
      return;
    }
    if (r->method != "GET" || r->status != 200) {
      out.kind = Kind::NotView;
      return;
    }
    const auto agent = human_agent(r->user_agent);
    if (!agent) {
      out.kind = Kind::Crawler;
      return;
    }
    const auto a = article_at(r->path);
    if (!a) {
      out.kind = Kind::UnknownPath;
      return;
    }
    set_view(out, *a, hash64(r->ip) * 0x9E3779B97F4A7C15ull ^ *agent);
  }

  static void set_view(ParsedLine& out, std::uint32_t article, std::uint64_t visitor) {
    out.kind = ParsedLine::Kind::View;
    out.article = article;
    out.visitor = visitor;
  }

  // The user agent's hash, or nullopt for a crawler.
  std::optional<std::uint64_t> human_agent(std::string_view ua) {
    const Agent& a = agents_.get(ua, [](std::string_view s) { return Agent{hash64(s), is_crawler(s)}; });
    if (a.crawler) return std::nullopt;
    return a.hash;
  }

  // The article with this url path.
  std::optional<std::uint32_t> article_at(std::string_view path) {
    return recent_paths_.get(path, [this](std::string_view p) { return by_path_.find(p); });
  }

  bool tsv_;
  const StringIndex& by_path_;
  const StringIndex& by_id_;
  DayCache day_cache_;
  RecentCache<Agent> agents_;
  RecentCache<std::optional<std::uint32_t>> recent_paths_;
};

}  // namespace

struct ViewCounter::Impl {
  std::string dir;
  ViewsOptions options;
  FileLock lock;  // one counter per state file: two would count every line twice
  sql::Db db;
  std::vector<std::string> ids, paths;  // by article index
  // The writer's, made on its thread by order_by_id: article indexes sorted
  // by id, each one's place there, and a commit's views by place (zero
  // between commits).
  std::vector<std::uint32_t> in_byte_order, place;
  std::vector<std::uint64_t> totals_by_place;
  StringIndex by_path, by_id;  // over paths and ids
  LastCounted last_counted;
  std::size_t live_after_prune = 0;
  ViewsByArticleHour pending;
  std::int64_t newest = 0;
  std::size_t malformed_reported = 0;
  // The articles table's rows and the index's revision, until written.
  ArticleRows table_rows;
  std::string table_revision;
  // The commit being written in the background. Last: destroyed first, its
  // destructor waits for the writer, which uses the members above.
  std::future<void> writing;

  Impl(std::string d, ViewsOptions o)
      : dir(std::move(d)),
        options(std::move(o)),
        lock((std::filesystem::path(dir) / kLockFile).string(), dir + ": views are being counted"),
        db(state::with_schema((std::filesystem::path(dir) / state::kFileName).string()), false) {
    state::upgrade(db);
    state::check_version(db, dir + "/" + state::kFileName);
    register_merge_hours(db);
    db.exec(state::kSchema);  // a table added within this schema version
    load_articles();
    load_dedup();
  }

  // Article paths from the index, and the rows of the articles table for
  // per-edition lists when the index changed since the last run (written by
  // write_articles_table). Read again, on the newest commit, when a writer
  // overtakes the read.
  void load_articles() {
    store::read_again_when_overtaken(dir, "read its articles", [&] {
      ids.clear();
      paths.clear();
      table_rows = ArticleRows();
      table_revision = read_articles(table_rows);
    });
    by_id = StringIndex(ids);
    by_path = StringIndex(paths);
  }

  // Sorts the ids for the writer, on its thread, before its first rows:
  // beside the counting rather than before it (10 ms for 100k articles).
  void order_by_id() {
    if (in_byte_order.size() == ids.size()) return;
    in_byte_order = sorted_by_id(ids);
    place.assign(ids.size(), 0);
    totals_by_place.assign(ids.size(), 0);
    for (std::uint32_t k = 0; k < in_byte_order.size(); ++k) place[in_byte_order[k]] = k;
  }

  // Reads the articles' ids and paths, and their rows when the articles
  // table follows another revision of the index: then returns this one.
  std::string read_articles(ArticleRows& rows) {
    store::CommitId commit;
    const Xapian::Database index = store::open_reader(dir, &commit);
    const std::string revision = commit.generation + ":" + std::to_string(commit.revision);
    sql::Stmt seen(db, "SELECT value FROM meta WHERE key = 'articles_revision'");
    const bool fresh = seen.step() && seen.text(0) == revision;
    store::for_each_value(index, store::on_shard_servers(dir), schema::kSlotSummary, [&](const std::string& value) {
      const SummaryFields a = summary_fields(value);
      ids.emplace_back(a.id);
      paths.push_back(a.url.empty() ? "/a/" + ids.back() : url_path(a.url));
      if (!fresh) rows.add(a.lang, a.category, a.published);
    });
    return fresh ? std::string() : revision;
  }

  void load_dedup() {
    sql::Stmt q(db, "SELECT visitor, article_id, last FROM dedup");
    while (q.step()) {
      const auto article = by_id.find(q.text(1));
      if (!article) continue;
      const std::int64_t last = q.int64(2);
      *last_counted.find_or_insert({static_cast<std::uint64_t>(q.int64(0)), *article}, last).value = last;
      newest = std::max(newest, last);
    }
  }

  void prune_dedup() {
    const std::int64_t cutoff = newest - kDedupKeep;
    last_counted.retain_if([cutoff](const VisitorArticle&, std::int64_t last) { return last >= cutoff; });
    live_after_prune = last_counted.size();
  }

  // Pruning rebuilds the table, so it waits until the table has grown by a
  // quarter: memory stays near the last 40 minutes' visitors (a small table
  // stays in the CPU's cache), at a constant cost per view.
  void maybe_prune_dedup() {
    if (last_counted.size() >= live_after_prune + std::max<std::size_t>(4096, live_after_prune / 4)) prune_dedup();
  }

  // Saves the counts, the 30-minute state and (for a file) its read position
  // as of this line, atomically. In the background, the writer's thread
  // writes them while counting goes on; commits stay one at a time, in order.
  void commit(const struct stat* st, const std::string& head, std::uint64_t offset, std::uint64_t line,
              const std::string& path, bool in_background) {
    prune_dedup();
    finish_writing();
    auto job = std::make_shared<CommitJob>();
    std::swap(job->counts, pending);
    job->dedup = last_counted;
    if (st) job->file = *st;
    job->head = head;
    job->path = path;
    job->offset = offset;
    job->line = line;
    if (in_background) {
      writing = std::async(std::launch::async, [this, job] {
        write_commit(*job);
        // SQLite's write-ahead log is copied into the state file here,
        // beside the counting, so that the last commit, which the command
        // waits for, finds the log short and leaves it (SQLite copies it
        // after a commit that leaves it over 1,000 pages).
        db.exec("PRAGMA wal_checkpoint(PASSIVE)");
      });
    } else {
      write_commit(*job);
    }
  }

  // Writes the articles table's changed rows, if the index changed: in the
  // background while the log is counted (the first commit waits for it),
  // since a fresh state's table is a quarter of a run over a small log.
  void write_articles_table(bool in_background) {
    if (table_revision.empty()) return;
    finish_writing();
    auto write = [this, rows = std::move(table_rows), revision = std::move(table_revision)] {
      order_by_id();
      update_articles_table(db, ids, by_id, in_byte_order, rows, revision);
    };
    table_revision.clear();
    if (in_background) writing = std::async(std::launch::async, std::move(write));
    else write();
  }

  // After a failed run: the table too, if no file started its writing; its
  // own error, if any, gives way to the run's.
  void write_articles_table_anyway() noexcept {
    try {
      write_articles_table(false);
    } catch (...) {
    }
  }

  // Waits for the commit being written; its error is thrown here.
  void finish_writing() {
    if (writing.valid()) writing.get();
  }

  void write_commit(const CommitJob& job) {
    order_by_id();
    db.exec("BEGIN IMMEDIATE");
    sql::Stmt daily(db,
                    "INSERT INTO views_daily VALUES(?, ?, ?, ?) "
                    "ON CONFLICT(day, article_id) DO UPDATE SET views = views + excluded.views, "
                    "hours = newsidx_merge_hours(hours, excluded.hours)");
    sql::Stmt total(db,
                    "INSERT INTO views_total VALUES(?, ?) "
                    "ON CONFLICT(article_id) DO UPDATE SET views = views + excluded.views");
    // Rolled up in memory first (an article-day or an article gets one
    // upsert), and written in the order of each table's key, so that SQLite
    // walks its B-tree forwards instead of seeking a random page per row.
    std::vector<HourRow> rows;
    rows.reserve(job.counts.size());
    std::vector<std::uint32_t> touched;  // the places with views in totals_by_place
    job.counts.for_each([&](std::uint64_t key, std::uint32_t n) {
      const std::uint32_t at = place[key >> 32];
      const auto hour = static_cast<std::uint32_t>(key);
      rows.push_back({static_cast<std::uint64_t>(hour / 24) << 32 | at, hour, n});
      if (totals_by_place[at] == 0) touched.push_back(at);  // n is at least 1
      totals_by_place[at] += n;
    });
    write_days(daily, rows, in_byte_order, ids);
    write_totals(total, totals_by_place, touched, in_byte_order, ids);
    db.exec("DELETE FROM dedup");
    sql::Stmt keep(db, "INSERT INTO dedup VALUES(?, ?, ?)");
    job.dedup.for_each([&](const VisitorArticle& k, std::int64_t last) {
      keep.bind(1, static_cast<std::int64_t>(k.visitor)).bind(2, std::string_view(ids[k.article])).bind(3, last);
      keep.step();
      keep.reset();
    });
    if (job.file) {
      sql::Stmt pos(db, "INSERT OR REPLACE INTO log_files VALUES(?, ?, ?, ?, ?, ?)");
      pos.bind(1, static_cast<std::int64_t>(job.file->st_dev))
          .bind(2, static_cast<std::int64_t>(job.file->st_ino))
          .bind(3, std::string_view(job.head))
          .bind(4, static_cast<std::int64_t>(job.offset))
          .bind(5, static_cast<std::int64_t>(job.line))
          .bind(6, std::string_view(job.path));
      pos.step();
    }
    db.exec("COMMIT");
  }

  static std::uint64_t article_hour(const ParsedLine& v) {
    return (static_cast<std::uint64_t>(v.article) << 32) | static_cast<std::uint32_t>(v.time / 3600);
  }

  // The tables are larger than the CPU's cache over a large index and a busy
  // log: the slots of a line a few ahead are loaded while this one is counted.
  void prefetch(const ParsedLine& ahead) const {
    if (ahead.kind != ParsedLine::Kind::View) return;
    last_counted.prefetch({ahead.visitor, ahead.article});
    pending.prefetch(article_hour(ahead));
  }

  void count(const ParsedLine& v, ViewsReport& report) {
    newest = std::max(newest, v.time);
    const auto [last, fresh] = last_counted.find_or_insert({v.visitor, v.article}, v.time);
    if (!fresh) {
      const std::int64_t gap = v.time > *last ? v.time - *last : *last - v.time;
      if (gap < kDedupSeconds) {
        ++report.repeats;
        return;
      }
      *last = v.time;
    }
    ++report.views;
    ++*pending.find_or_insert(article_hour(v), 0).value;
  }

  // Counts a classified line (the caller's thread). `problem` is the next
  // malformed line's explanation.
  void tally(const ParsedLine& p, const std::string& file, std::size_t number, const std::string* problem,
             ViewsReport& report) {
    using Kind = ParsedLine::Kind;
    switch (p.kind) {
      case Kind::Blank: break;
      case Kind::View: count(p, report); break;
      case Kind::NotView: ++report.not_views; break;
      case Kind::Crawler: ++report.crawler_hits; break;
      case Kind::UnknownPath: ++report.unknown_paths; break;
      case Kind::Malformed:
      case Kind::TooLong:
        ++report.malformed;
        if (options.on_malformed && malformed_reported++ < kReportedMalformed)
          options.on_malformed(file, number,
                               p.kind == Kind::TooLong
                                   ? "line is longer than " + std::to_string(kMaxLineBytes) + " bytes"
                                   : *problem);
        break;
    }
  }

  // Reads the next block of lines into a batch, one thread at a time (or
  // one line, when no block holds it); false after the last. A tracked
  // file's last line without "\n" may still be being written: it is left
  // for the next run (a compressed file's is complete, unless the file was
  // cut short).
  static bool read_lines(LineReader& reader, bool tracked, ParsedBatch& batch) {
    batch.lines.clear();
    batch.problems.clear();
    batch.start = reader.consumed();
    batch.unsplit = reader.next_lines(batch.text, kBlockBytes);  // batch.text's size is only room
    if (batch.unsplit > 0) return true;
    std::string_view text;
    bool too_long = false;
    if (!reader.next(text, too_long)) return false;
    if (reader.unterminated() && tracked && (!reader.compressed() || reader.truncated())) return false;
    ParsedLine& line = batch.lines.emplace_back();
    if (too_long) {
      line.kind = ParsedLine::Kind::TooLong;
    } else {
      batch.text.assign(text);
      line.text_size = static_cast<std::uint32_t>(text.size());
    }
    line.end = reader.consumed();
    return true;
  }

  // Skips what an earlier run counted of this file (the same device, inode
  // and first bytes); returns the number of the last line counted.
  std::uint64_t resume(LineReader& reader, const struct stat& st, const std::string& head, bool compressed,
                       ViewsReport& report) {
    sql::Stmt q(db, "SELECT head, offset, line FROM log_files WHERE dev = ? AND inode = ?");
    q.bind(1, static_cast<std::int64_t>(st.st_dev)).bind(2, static_cast<std::int64_t>(st.st_ino));
    if (!q.step() || q.text(0) != head) return 0;
    const auto offset = static_cast<std::uint64_t>(q.int64(1));
    if (!compressed && offset > static_cast<std::uint64_t>(st.st_size)) return 0;  // truncated: from the start
    reader.skip(offset);
    report.skipped_bytes += offset;
    return static_cast<std::uint64_t>(q.int64(2));
  }

  void file(const std::string& path, ViewsReport& report, Clock::time_point start) {
    LineReader reader(path, kMaxLineBytes);
    struct stat st {};
    const bool tracked = path != "-" && ::stat(path.c_str(), &st) == 0;
    std::string head;
    std::uint64_t line_number = 0;
    // A compressed log is a finished, rotated one: its size says nothing of
    // the uncompressed offset, and its last line is complete.
    const bool compressed = reader.compressed();
    if (tracked) {
      head = head_hash(path);
      line_number = resume(reader, st, head, compressed, report);
    }
    write_articles_table(true);  // the state is not read again until the file's last commit
    std::uint64_t since_commit = 0, done = reader.consumed();  // done: the end of the last counted line
    auto next_progress = Clock::now();
    const auto read_batch = [&](ParsedBatch& batch) { return read_lines(reader, tracked, batch); };
    const auto count_batch = [&](const ParsedBatch& batch) {
      auto problem = batch.problems.begin();
      for (std::size_t i = 0; i < batch.lines.size(); ++i) {
        if (i + kPrefetchAhead < batch.lines.size()) prefetch(batch.lines[i + kPrefetchAhead]);
        const ParsedLine& parsed = batch.lines[i];
        ++line_number;
        if ((++report.lines & 0xFFFF) == 0) maybe_prune_dedup();  // memory stays bounded by 40 minutes of visitors
        const bool malformed = parsed.kind == ParsedLine::Kind::Malformed;
        tally(parsed, path, line_number, malformed ? &*problem++ : nullptr, report);
        done = parsed.end;
        if (++since_commit >= options.commit_every) {
          commit(tracked ? &st : nullptr, head, done, line_number, path, true);
          since_commit = 0;
        }
        if (options.on_progress && (report.lines & 0xFFFF) == 1 && Clock::now() >= next_progress) {
          next_progress = Clock::now() + std::chrono::milliseconds(500);
          options.on_progress(report.lines, std::chrono::duration<double>(Clock::now() - start).count());
        }
      }
    };
    try {
      std::vector<LineClassifier> classifiers(kClassifiers, LineClassifier(options.format, by_path, by_id));
      const auto classify = [&](ParsedBatch& batch, std::size_t thread) { classifiers[thread].classify(batch); };
      run_pipelined<ParsedBatch>(read_batch, classify, count_batch, kClassifiers, 2 * kClassifiers + 2);
    } catch (...) {
      if (writing.valid()) writing.wait();  // the first error is the one reported
      throw;
    }
    commit(tracked ? &st : nullptr, head, done, line_number, path, false);
    if (reader.truncated()) report.truncated_files.push_back(path);
  }

  // A hash of the first bytes of a file (uncompressed): a different head
  // under the same inode means the file was replaced or truncated.
  static std::string head_hash(const std::string& path) {
    LineReader r(path, kHeadBytes);
    std::string head;
    std::string_view line;
    bool too_long = false;
    while (head.size() < kHeadBytes && r.next(line, too_long)) {
      head.append(line);
      head.push_back('\n');
    }
    if (head.size() > kHeadBytes) head.resize(kHeadBytes);
    return std::to_string(hash64(head)) + ":" + std::to_string(head.size());
  }
};

ViewCounter::ViewCounter(std::string db_dir, ViewsOptions options)
    : impl_(std::make_unique<Impl>(std::move(db_dir), std::move(options))) {}

ViewCounter::~ViewCounter() = default;

ViewsReport ViewCounter::add_logs(const std::vector<std::string>& files) {
  const auto start = Clock::now();
  ViewsReport report;
  try {
    for (const auto& f : files) impl_->file(f, report, start);
  } catch (...) {
    impl_->write_articles_table_anyway();  // a log that cannot be read leaves the table right
    throw;
  }
  impl_->write_articles_table(false);  // no file
  report.seconds = std::chrono::duration<double>(Clock::now() - start).count();
  return report;
}

}  // namespace newsidx
