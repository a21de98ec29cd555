// The state behind a Searcher: a pool of per-thread search contexts over
// the latest commit, and what all threads share per commit (the document
// columns and the frequent words' bitmaps).
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

#include <sys/stat.h>

#include <xapian.h>

#include "indexer/store.h"
#include "newsidx/analyzer.h"
#include "newsidx/errors.h"
#include "newsidx/searcher.h"
#include "query/doc_columns.h"
#include "query/query_builder.h"
#include "query/word_filters.h"

namespace newsidx {
namespace search_state {

// Identifies a version of a file that is replaced by renaming (the stub,
// and Xapian's version file, which every commit writes anew): checking it
// takes one stat() where reading the file takes three system calls and more.
struct FileStamp {
  ino_t inode = 0;
  std::int64_t mtime_ns = 0;
  bool operator==(const FileStamp& o) const { return inode == o.inode && mtime_ns == o.mtime_ns; }
  bool known() const { return inode != 0; }
};

inline FileStamp stamp_of(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return {};
  return {st.st_ino, static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec};
}

// What one search needs for itself: Xapian handles and analyzers are not
// safe to share between threads.
struct Context {
  std::string generation;
  FileStamp version;  // of the generation's iamglass when db was last (re)opened
  Xapian::Database db;
  Analyzer analyzer;

  // How many articles hold a term, remembered until the next commit: each
  // query word has several readings, and looking each up in Xapian's B-tree
  // cost more than the search itself.
  Xapian::doccount term_freq(const std::string& term) {
    const Xapian::rev revision = db.get_revision();
    if (revision != known_revision || known_terms.size() > kMaxKnownTerms) {
      known_terms.clear();
      known_revision = revision;
    }
    auto [it, fresh] = known_terms.try_emplace(term, 0);
    if (fresh) it->second = db.get_termfreq(term);
    return it->second;
  }

  // Changes with every commit, also across generations.
  std::string revision() const { return generation + "@" + std::to_string(db.get_revision()); }

  static constexpr std::size_t kMaxKnownTerms = 200000;
  Xapian::rev known_revision = 0;
  std::unordered_map<std::string, Xapian::doccount> known_terms;
};

}  // namespace search_state

struct Searcher::Impl {
  using Context = search_state::Context;
  using FileStamp = search_state::FileStamp;

  std::string dir;
  SearcherOptions options;
  std::unique_ptr<TermBitmaps> bitmaps;
  std::mutex mutex;
  std::vector<std::unique_ptr<Context>> idle;

  // A context whose database shows the latest commit.
  std::unique_ptr<Context> borrow() {
    std::unique_ptr<Context> ctx;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!idle.empty()) {
        ctx = std::move(idle.back());
        idle.pop_back();
      }
    }
    const std::string generation = current_generation();
    if (!ctx) ctx = std::make_unique<Context>();
    const FileStamp version = search_state::stamp_of(generation + "/iamglass");  // before opening: a later commit changes it
    if (ctx->generation != generation) {
      ctx->db = Xapian::Database(generation);
      ctx->generation = generation;
    } else if (!version.known() || !(version == ctx->version)) {
      ctx->db.reopen();
    }
    ctx->version = version;
    return ctx;
  }

  // The generation the stub names, read again only when the stub changed.
  std::mutex stub_mutex;  // guards the two below
  FileStamp stub_stamp;
  std::string stub_generation;

  std::string current_generation() {
    const FileStamp stamp = search_state::stamp_of(store::stub_path(dir));
    {
      std::lock_guard<std::mutex> lock(stub_mutex);
      if (stamp.known() && stamp == stub_stamp) return stub_generation;
    }
    const auto generation = store::current_generation(dir);
    if (!generation) store::open_reader(dir);  // throws, saying how to create one
    std::lock_guard<std::mutex> lock(stub_mutex);
    stub_stamp = stamp;
    stub_generation = *generation;
    return *generation;
  }

  // The document columns (doc_columns.h), shared by all threads and read
  // again after each commit. Facets need the columns of the very commit a
  // search reads, and read them at once if need be; collapsing takes the
  // last ones read (a document newer than them is just not collapsed) and
  // has the new ones read in the background, so that no search waits for
  // them (40-50 ms at 100k articles).
  std::mutex columns_mutex;  // guards the five below
  std::shared_ptr<const DocColumns> columns;
  std::string columns_generation;
  Xapian::rev columns_rev = 0;
  std::thread background;
  bool background_running = false;
  std::mutex build_mutex;  // one search reads new columns at a time

  ~Impl() {
    if (background.joinable()) background.join();  // no search is left to start another
  }

  std::shared_ptr<const DocColumns> columns_for(Context& ctx, bool stale_ok) {
    {
      std::lock_guard<std::mutex> lock(columns_mutex);
      if (auto c = current_columns(ctx)) return c;
      if (stale_ok && columns) {
        read_in_background(ctx.generation);
        return columns;
      }
    }
    std::lock_guard<std::mutex> building(build_mutex);
    {
      std::lock_guard<std::mutex> lock(columns_mutex);
      if (auto c = current_columns(ctx)) return c;  // read meanwhile by another thread
    }
    auto fresh = std::make_shared<const DocColumns>(ctx.db, options.summaries_in_memory);
    std::lock_guard<std::mutex> lock(columns_mutex);
    install(fresh, ctx.generation, ctx.db.get_revision());
    return fresh;
  }

  // The columns if they are of ctx's very commit, else null. columns_mutex held.
  std::shared_ptr<const DocColumns> current_columns(const Context& ctx) const {
    return columns_generation == ctx.generation && columns_rev == ctx.db.get_revision() ? columns : nullptr;
  }

  // Keeps the columns unless newer ones are in place. columns_mutex held.
  void install(std::shared_ptr<const DocColumns> fresh, const std::string& generation, Xapian::rev rev) {
    if (columns && columns_generation == generation && columns_rev > rev) return;
    columns = std::move(fresh);
    columns_generation = generation;
    columns_rev = rev;
  }

  // Reads the latest columns on a thread of their own. columns_mutex held.
  void read_in_background(const std::string& generation) {
    if (background_running) return;
    if (background.joinable()) background.join();  // it has ended: it cleared background_running
    background_running = true;
    background = std::thread([this, generation] {
      std::shared_ptr<const DocColumns> fresh;
      Xapian::rev rev = 0;
      try {
        const Xapian::Database db(generation);
        rev = db.get_revision();
        fresh = std::make_shared<const DocColumns>(db, options.summaries_in_memory);
      } catch (const Xapian::Error&) {
        // Overtaken by commits or a new generation: a later search starts again.
      }
      std::lock_guard<std::mutex> lock(columns_mutex);
      if (fresh) install(fresh, generation, rev);
      background_running = false;
    });
  }

  // Which words of an all-words query are checked from bitmaps, and how.
  FrequentWords frequent_words(Context& ctx) {
    FrequentWords frequent;
    if (!(options.frequent_word_share > 0)) return frequent;
    const double share = options.frequent_word_share * ctx.db.get_doccount();
    frequent.from = static_cast<Xapian::doccount>(
        std::max<double>({share, static_cast<double>(options.frequent_word_min_articles), 1.0}));
    frequent.bitmap = [this, &ctx, revision = ctx.revision(), keep_from = frequent.from](
                          const std::vector<QueryWord>& words) {
      return words_bitmap(words,
                          [&](const std::string& term) { return bitmaps->get(ctx.db, revision, term, keep_from); });
    };
    return frequent;
  }

  // The columns of the very commit ctx reads, if they are read already.
  std::shared_ptr<const DocColumns> columns_if_current(Context& ctx) {
    std::lock_guard<std::mutex> lock(columns_mutex);
    return current_columns(ctx);
  }

  void give_back(std::unique_ptr<Context> ctx) {
    std::lock_guard<std::mutex> lock(mutex);
    idle.push_back(std::move(ctx));
  }

  // Runs f(context) on the latest commit. A writer's commit may overtake the
  // read (DatabaseModifiedError: Xapian keeps the revision being read only
  // until two more commits) and a bulk load may replace the generation being
  // opened (DatabaseOpeningError): both are retried on a fresh view, backing
  // off a little more each time so that a slow read outruns a busy writer.
  template <class F>
  auto with_context(F&& f) {
    constexpr int kAttempts = 20;
    for (int attempt = 1;; ++attempt) {
      if (attempt > 1) std::this_thread::sleep_for(std::chrono::milliseconds(attempt));
      try {
        auto ctx = borrow();
        auto result = f(*ctx);
        give_back(std::move(ctx));
        return result;
      } catch (const Xapian::DatabaseModifiedError& e) {
        if (attempt == kAttempts) throw DatabaseError(dir + ": the index changed too fast to read: " + e.get_msg());
      } catch (const Xapian::DatabaseOpeningError& e) {
        if (attempt == kAttempts) throw DatabaseError(dir + ": cannot open the index: " + e.get_description());
      } catch (const Xapian::Error& e) {
        throw DatabaseError(dir + ": search failed: " + e.get_description());
      }
    }
  }
};

}  // namespace newsidx
