#include "indexer/ingest.h"

#include <unistd.h>
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_map>

#include <xapian.h>

#include "common/line_reader.h"
#include "index/document_builder.h"
#include "index/article_codec.h"
#include "index/schema.h"
#include "index/shards.h"
#include "index/store.h"
#include "index/stored_article.h"
#include "indexer/article_reader.h"
#include "indexer/article_store.h"
#include "indexer/ninjs.h"
#include "newsidx/errors.h"

namespace fs = std::filesystem;

namespace newsidx {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::size_t kBatch = 64;
constexpr std::size_t kMaxQueuedBatches = 16;
// A shard flushes every this many articles, a tenth of Xapian's default:
// Xapian buffers changes in std::maps whose cost grows with their size, so
// smaller flushes make a bulk load faster and smaller in memory.
constexpr std::size_t kShardFlushEvery = 1000;

// A validated article and its input line, which the index stores as is,
// with where the line is (for an older version's message).
struct Pending {
  Article article;
  std::string json;
  const std::string* file = nullptr;
  std::size_t line = 0;
};

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

// Builds and writes the articles handed to it, on its own thread.
class Worker {
 public:
  // `bulk`: the target is a fresh shard that only this run writes.
  // `commit_every`: articles between commits (flushes, for a shard).
  Worker(Xapian::WritableDatabase& db, bool bulk, std::size_t commit_every)
      : db_(db), bulk_(bulk), commit_every_(commit_every), thread_([this] { loop(); }) {}

  ~Worker() { finish(); }

  void push(std::vector<Pending> batch) {
    std::unique_lock<std::mutex> lock(mutex_);
    space_.wait(lock, [this] { return queue_.size() < kMaxQueuedBatches || failure_; });
    if (failure_) std::rethrow_exception(failure_);
    queue_.push_back(std::move(batch));
    ready_.notify_one();
  }

  // Waits until everything pushed is written; rethrows a worker failure.
  void finish() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      done_ = true;
      ready_.notify_one();
    }
    if (thread_.joinable()) thread_.join();
  }
  void rethrow() const {
    if (failure_) std::rethrow_exception(failure_);
  }

  std::size_t added = 0, replaced = 0;
  std::vector<Rejection> ignored;  // older versions, reported by the caller's thread

 private:
  void ignore(const Pending& p, std::string why) { ignored.push_back(Rejection{*p.file, p.line, std::move(why)}); }

  void loop() {
    try {
      for (;;) {
        std::vector<Pending> batch;
        {
          std::unique_lock<std::mutex> lock(mutex_);
          ready_.wait(lock, [this] { return !queue_.empty() || done_; });
          if (queue_.empty()) break;
          batch = std::move(queue_.front());
          queue_.pop_front();
          space_.notify_one();
        }
        for (const Pending& p : batch) write(p);
      }
      db_.commit();  // a shard's final flush, in parallel with the other shards'
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex_);
      failure_ = std::current_exception();
      space_.notify_all();
    }
  }

  // Why `a` may not replace the document `existing` (an older version), if so.
  std::optional<std::string> older(const Article& a, Xapian::docid existing) {
    if (!revision_of(a)) return std::nullopt;
    return older_than_stored(a, stored_article(article_json_of(db_.get_document(existing))));
  }

  void write(const Pending& p) {
    const Article& a = p.article;
    if (bulk_) {
      auto [it, fresh] = seen_.try_emplace(a.id, 0);
      if (fresh) {
        it->second = db_.add_document(builder_.build(a, p.json));
        ++added;
      } else if (auto why = older(a, it->second)) {
        return ignore(p, std::move(*why));
      } else {
        db_.replace_document(it->second, builder_.build(a, p.json));
        ++replaced;
      }
    } else {
      StoreOutcome outcome = store_article(db_, builder_, a, p.json);  // as ArticleWriter stores
      if (outcome.older) return ignore(p, std::move(*outcome.older));
      ++(outcome.replaced ? replaced : added);
    }
    if (++since_commit_ >= commit_every_) {
      db_.commit();
      since_commit_ = 0;
    }
  }

  Xapian::WritableDatabase& db_;
  const bool bulk_;
  const std::size_t commit_every_;
  std::size_t since_commit_ = 0;
  DocumentBuilder builder_;
  std::unordered_map<std::string, Xapian::docid> seen_;
  std::mutex mutex_;
  std::condition_variable ready_, space_;
  std::deque<std::vector<Pending>> queue_;
  bool done_ = false;
  std::exception_ptr failure_;
  std::thread thread_;  // last: starts after every other member exists
};

constexpr const char* kCutShort =
    "the compressed file is cut short here (a truncated gzip stream): the lines before it are read";

// A ninjs file is read whole (its items may span lines), up to this size.
constexpr std::size_t kMaxNinjsFileBytes = std::size_t{1} << 30;

// The text of a ninjs file, lines joined by "\n".
std::string whole_file(LineReader& reader, const std::string& path, const std::function<void(std::string)>& reject) {
  std::string text;
  std::string_view line;
  bool too_long = false;
  while (reader.next(line, too_long)) {
    if (text.size() + line.size() > kMaxNinjsFileBytes)
      throw IoError(path + ": over " + std::to_string(kMaxNinjsFileBytes >> 20) +
                    " MiB of ninjs; split it into smaller files");
    text.append(line).push_back('\n');
  }
  if (reader.truncated()) reject(kCutShort);
  return text;
}

// Reads the files; calls `store` for each valid article, with its line of
// the article format, its file and the line where it starts.
template <class Store>
void read_files(const std::vector<std::string>& files, const IndexerOptions& options, IngestReport& report,
                Clock::time_point start, Store&& store) {
  std::uint64_t bytes_before = 0, bytes_total = 0;
  std::size_t articles = 0;
  auto next_progress = Clock::now();
  for (const auto& path : files) {
    auto reject_at = [&](std::size_t number, std::string problem) {
      ++report.rejected;
      if (options.on_rejection) options.on_rejection(Rejection{path, number, std::move(problem)});
    };
    const bool ninjs = options.format == InputFormat::ninjs;
    LineReader reader(path, ninjs ? kMaxNinjsFileBytes : kMaxLineBytes);
    bytes_total += reader.file_size();
    auto progress = [&] {
      if (!options.on_progress || Clock::now() < next_progress) return;
      next_progress = Clock::now() + std::chrono::milliseconds(500);
      options.on_progress(
          IngestProgress{articles, bytes_before + reader.file_offset(), bytes_total, seconds_since(start)});
    };
    if (ninjs) {
      const std::string text =
          whole_file(reader, path, [&](std::string p) { reject_at(reader.line_number() + 1, std::move(p)); });
      for (const JsonItem& item : split_json_items(text)) {
        NinjsArticle mapped = parse_ninjs_item(item.text);
        if (auto* problem = std::get_if<std::string>(&mapped.parsed)) {
          reject_at(item.line, std::move(*problem));
          continue;
        }
        ++articles;
        store(std::get<Article>(std::move(mapped.parsed)), mapped.line, &path, item.line);
        progress();
      }
      bytes_before += reader.file_size();
      continue;
    }
    std::string_view line;
    bool too_long = false;
    bool cut_line = false;
    while (reader.next(line, too_long)) {
      auto reject = [&](std::string problem) { reject_at(reader.line_number(), std::move(problem)); };
      if (reader.truncated() && reader.unterminated()) {  // the line the cut fell in
        reject(kCutShort);
        cut_line = true;
        continue;
      }
      if (too_long) {
        reject("line is longer than " + std::to_string(kMaxLineBytes) + " bytes");
        continue;
      }
      if (line.find_first_not_of(" \t\r") == std::string_view::npos) {
        ++report.blank;
        continue;
      }
      ParsedLine parsed = parse_article_line(line);
      if (auto* problem = std::get_if<std::string>(&parsed)) {
        reject(std::move(*problem));
        continue;
      }
      ++articles;
      store(std::get<Article>(std::move(parsed)), line, &path, reader.line_number());
      progress();
    }
    if (reader.truncated() && !cut_line) reject_at(reader.line_number() + 1, kCutShort);
    bytes_before += reader.file_size();
  }
}

// Copies standard input to a file so that a strict load can read it twice.
std::string spool_stdin(const std::string& dir) {
  const std::string path = (fs::path(dir) / (".stdin-" + std::to_string(::getpid()))).string();
  LineReader in("-", kMaxLineBytes * 2);
  FILE* out = std::fopen(path.c_str(), "wb");
  if (!out) throw IoError(path + ": cannot create");
  std::string_view line;
  bool too_long = false;
  while (in.next(line, too_long)) {
    std::fwrite(line.data(), 1, line.size(), out);
    std::fputc('\n', out);
  }
  if (std::fclose(out) != 0) throw IoError(path + ": cannot write");
  return path;
}

std::uint64_t text_bytes(const Article& a) { return a.title.size() + a.lead.size() + a.body.size(); }

// Writes the articles into shards in parallel, an article to the shard of
// its id (so a repeated id replaces within its shard). `bulk`: the shards
// are fresh ones that only this run writes.
void write_shards(std::vector<Xapian::WritableDatabase>& shards, bool bulk, std::size_t commit_every,
                  const IndexerOptions& options, const std::vector<std::string>& files, IngestReport& report,
                  Clock::time_point start) {
  std::vector<std::unique_ptr<Worker>> workers;
  std::vector<std::vector<Pending>> batches(shards.size());
  for (auto& shard : shards) workers.push_back(std::make_unique<Worker>(shard, bulk, commit_every));
  const auto count = static_cast<unsigned>(shards.size());
  read_files(files, options, report, start,
             [&](Article&& a, std::string_view line, const std::string* file, std::size_t number) {
               report.text_bytes += text_bytes(a);
               const std::size_t i = store::shard_of(a.id, count);
               batches[i].push_back(Pending{std::move(a), std::string(line), file, number});
               if (batches[i].size() == kBatch) workers[i]->push(std::exchange(batches[i], {}));
             });
  for (std::size_t i = 0; i < workers.size(); ++i) {
    if (!batches[i].empty()) workers[i]->push(std::move(batches[i]));
    workers[i]->finish();
    workers[i]->rethrow();
    report.added += workers[i]->added;
    report.replaced += workers[i]->replaced;
    report.older += workers[i]->ignored.size();
    if (options.on_rejection)
      for (const Rejection& r : workers[i]->ignored) options.on_rejection(r);
  }
}

// Adds to an index that has articles: one writer per shard, an article to
// the shard of its id, a commit every commit_every articles.
void load_into(std::vector<Xapian::WritableDatabase>& shards, const IndexerOptions& options,
               const std::vector<std::string>& files, IngestReport& report, Clock::time_point start) {
  write_shards(shards, false, std::max<std::size_t>(1, options.commit_every), options, files, report, start);
}

// Compacts the scratch shards into a new generation of `dir` and publishes it.
void publish_scratch(const std::string& dir, const std::vector<Xapian::WritableDatabase*>& scratch) {
  Xapian::Database all;
  for (auto* shard : scratch) all.add_database(*shard);
  const std::string generation = store::next_generation(dir);
  all.compact(generation);
  {
    Xapian::WritableDatabase fresh(generation, Xapian::DB_OPEN);
    fresh.set_metadata(schema::kSchemaVersionKey, schema::kSchemaVersion);
    fresh.commit();
  }
  for (auto* shard : scratch) shard->close();
  store::publish(dir, generation);
}

// Publishes each index shard from its scratch shard, in parallel. A shard
// that fails does not stop the others; the error names each one that failed.
void publish_all(const std::vector<std::string>& parts, std::vector<Xapian::WritableDatabase>& scratch) {
  if (parts.size() == 1) {
    std::vector<Xapian::WritableDatabase*> all;
    for (auto& s : scratch) all.push_back(&s);
    publish_scratch(parts[0], all);
    return;
  }
  std::vector<std::string> failures(parts.size());
  std::vector<std::thread> threads;
  for (std::size_t k = 0; k < parts.size(); ++k)
    threads.emplace_back([&, k] {
      try {
        publish_scratch(parts[k], {&scratch[k]});
      } catch (const Xapian::Error& e) {
        failures[k] = parts[k] + ": " + e.get_description();
      } catch (const std::exception& e) {
        failures[k] = parts[k] + ": " + e.what();
      }
    });
  for (auto& t : threads) t.join();
  std::string failed;
  for (const auto& f : failures)
    if (!f.empty()) failed += (failed.empty() ? "" : "; ") + f;
  if (!failed.empty())
    throw DatabaseError("publishing failed for " + failed +
                        "; the other shards were published: run the same add again to complete the load");
}

// Loads into an empty index: scratch shards built beside it (one per index
// shard, or one per thread for an index that is not sharded), published at
// the end.
void bulk_load(const std::vector<std::string>& parts, const IndexerOptions& options,
               const std::vector<std::string>& files, IngestReport& report, Clock::time_point start) {
  const std::string build_name = ".build-" + std::to_string(::getpid());
  const std::size_t count = parts.size() == 1 ? options.threads : parts.size();
  std::vector<std::string> build_dirs;
  std::vector<Xapian::WritableDatabase> scratch;
  for (std::size_t i = 0; i < count; ++i) {
    const std::string build_dir = (fs::path(parts[parts.size() == 1 ? 0 : i]) / build_name).string();
    if (i < parts.size()) {
      fs::remove_all(build_dir);
      fs::create_directories(build_dir);
      build_dirs.push_back(build_dir);
    }
    // Scratch: their flushes need not reach the disk (DB_NO_SYNC).
    scratch.emplace_back((fs::path(build_dir) / ("shard-" + std::to_string(i))).string(),
                         Xapian::DB_CREATE | Xapian::DB_NO_SYNC);
  }
  write_shards(scratch, true, kShardFlushEvery, options, files, report, start);
  if (report.added > 0) publish_all(parts, scratch);
  for (const auto& d : build_dirs) fs::remove_all(d);
}

}  // namespace

IngestReport run_ingest(const std::string& dir, const IndexerOptions& options,
                        const std::vector<std::string>& input_files) {
  const auto start = Clock::now();
  IngestReport report;
  const std::vector<store::Shard> shards = store::read_layout(dir);
  const bool remote = std::any_of(shards.begin(), shards.end(), [](const auto& s) { return s.remote(); });
  std::vector<std::string> parts;                 // the local shards' directories
  std::vector<Xapian::WritableDatabase> writers;  // hold the shards' write locks throughout
  for (const auto& shard : shards) {
    writers.push_back(store::open_shard_writer(shard));
    if (shard.remote()) continue;
    parts.push_back(shard.dir);
    store::remove_unused(shard.dir);
  }

  std::vector<std::string> files = input_files;
  std::string spooled;
  struct Cleanup {
    std::string path;
    ~Cleanup() {
      if (!path.empty()) std::remove(path.c_str());
    }
  } cleanup;
  if (options.strict) {
    for (auto& f : files)
      if (f == "-") f = cleanup.path = spooled.empty() ? (spooled = spool_stdin(dir)) : spooled;
    IngestReport check;
    read_files(files, options, check, start, [](Article&&, std::string_view, const std::string*, std::size_t) {});
    if (check.rejected > 0) {
      check.seconds = seconds_since(start);
      check.blank = 0;
      return check;
    }
  }
  try {
    // Shards on shard servers are written through Xapian's remote protocol, never in bulk.
    report.bulk = !remote && std::all_of(writers.begin(), writers.end(), [](auto& w) { return w.get_doccount() == 0; });
    if (report.bulk) bulk_load(parts, options, files, report, start);
    else load_into(writers, options, files, report, start);
  } catch (const Xapian::Error& e) {
    throw DatabaseError(dir + ": writing the index failed: " + e.get_description());
  }
  for (const auto& part : parts) store::remove_unused(part);  // the replaced generations, while the locks are ours
  for (auto& writer : writers) writer.close();
  report.seconds = seconds_since(start);
  return report;
}

}  // namespace newsidx
