// Adding, replacing and deleting articles.
//
// Thread safety: an Indexer is used from one thread at a time. Only one
// process may write an index at once (a second gets DatabaseError); any
// number of Searchers may read it meanwhile.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsidx/article.h"
#include "newsidx/export.h"

namespace newsidx {

// A line of input that was not stored, and why.
struct Rejection {
  std::string file;
  std::size_t line = 0;
  std::string problem;  // names the field: `field "tags" must be a list of strings, not a string`
};

struct IngestProgress {
  std::size_t articles = 0;       // parsed so far
  std::uint64_t bytes_done = 0;   // of the files, as stored (compressed when .gz)
  std::uint64_t bytes_total = 0;  // 0 when unknown (standard input)
  double seconds = 0;
};

// What the input files hold: the article format (JSON Lines, README.md),
// or IPTC ninjs items (versions 1.x to 3.x; README.md has the mapping), as
// JSON Lines, one JSON array of them or one pretty-printed item.
enum class InputFormat { articles, ninjs };

struct IndexerOptions {
  // Default: InputFormat::articles.
  InputFormat format = InputFormat::articles;
  // Store nothing when any line is rejected.
  // Default: false (valid lines are stored, bad ones reported).
  bool strict = false;
  // Articles between commits when adding to an existing index; a killed
  // load keeps every commit made before it.
  // Default: 10000.
  std::size_t commit_every = 10000;
  // Shards written in parallel by a bulk load (a load into an empty index).
  // Default: 2.
  unsigned threads = 2;
  // Called for every rejected line, from the calling thread.
  // Default: none.
  std::function<void(const Rejection&)> on_rejection;
  // Called about twice a second while loading, from the calling thread.
  // Default: none.
  std::function<void(const IngestProgress&)> on_progress;
};

struct IngestReport {
  std::size_t added = 0;     // articles whose id was new
  std::size_t replaced = 0;  // articles that replaced one with the same id
  std::size_t rejected = 0;  // lines not stored
  // Articles older than the version stored (or than an earlier line's),
  // not stored: each is reported through on_rejection as
  // `older version 3 of "a-1" ignored, 4 is stored`, but is not an error.
  std::size_t older = 0;
  std::size_t blank = 0;         // blank lines skipped
  std::uint64_t text_bytes = 0;  // bytes of title, lead and body stored
  double seconds = 0;
  bool bulk = false;  // built as parallel shards and compacted
};

struct IndexStats {
  std::size_t articles = 0;
  std::map<std::string, std::size_t> by_language;  // per language code
  std::map<std::string, std::size_t> by_category;  // per folded category
  std::uint64_t bytes = 0;                         // on disk, whole --db directory
  bool on_shard_servers = false;                   // then `bytes` is the directory's alone
};

// Throws DatabaseError when the index cannot be written (another writer
// holds it, it is damaged or of another schema version) and IoError for an
// input file that cannot be read.
class NEWSIDX_EXPORT Indexer {
 public:
  // Opens or creates the index in db_dir.
  explicit Indexer(std::string db_dir, IndexerOptions options = {});
  ~Indexer();

  // Adds or replaces the articles of JSON Lines files ("-" is standard input,
  // .gz is read as gzip). Throws IoError for a file that cannot be read and
  // DatabaseError when the index cannot be written; bad lines are reported
  // through on_rejection and counted, never thrown.
  IngestReport add_files(const std::vector<std::string>& files);

  // Deletes articles by id and commits; returns the ids that were not in the
  // index. Throws DatabaseError as add_files.
  std::vector<std::string> remove(const std::vector<std::string>& ids);

 private:
  std::string dir_;
  IndexerOptions options_;
};

// What ArticleWriter::add did.
enum class WriteResult { added, replaced };

// Articles in memory, one at a time, as a web backend or a newsroom's push
// hands them over. It holds the index's write lock (every shard's) from
// construction to destruction: while it lives, Indexer and `newsindex add`
// on the same index fail at once with DatabaseError. Readers see the
// changes at commit(); a process killed before keeps the last commit.
//
// Thread safety: every method may be called from any thread, also at once;
// the calls are taken one at a time inside.
class NEWSIDX_EXPORT ArticleWriter {
 public:
  // Opens the index in db_dir for writing, creating it when there is none.
  // Throws DatabaseError when another writer holds it or it cannot be
  // written, InvalidArgument for an empty db_dir. `holder` names who holds
  // the index meanwhile ("newssearch serve --writable"): any other writer
  // refused while this one lives is told it, with this process's id.
  explicit ArticleWriter(std::string db_dir, std::string holder = {});
  // Commits what is pending (an error then is lost: call commit() to see it).
  ~ArticleWriter();
  ArticleWriter(const ArticleWriter&) = delete;
  ArticleWriter& operator=(const ArticleWriter&) = delete;

  // Adds the article, or replaces the one with its id. It is checked as a
  // line of the article format is: InvalidArgument with the same message
  // (`field "lang": "xx" is not a supported language ...`), nothing stored.
  // OlderVersion when its version (or updated time) is older than the
  // stored article's, nothing stored. DatabaseError when the index cannot
  // be written.
  WriteResult add(const Article& article);
  // One line of the article format (JSON), checked and stored as a file's line.
  WriteResult add_json(std::string_view line);
  // One IPTC ninjs item, mapped as article_line_from_ninjs() does, then
  // stored as add_json() stores a line.
  WriteResult add_ninjs(std::string_view item);
  // What is wrong with a line of the article format, or nullopt: the check
  // add_json makes, without storing anything.
  static std::optional<std::string> problem_in(std::string_view line);
  // Deletes the article; false when the index has no article with this id.
  bool remove(const std::string& id);
  // Makes the changes since the last commit durable and visible to readers;
  // returns how many there were. Throws DatabaseError.
  std::size_t commit();
  // Changes not committed yet.
  std::size_t pending() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// One JSON value of a document that holds several, and the line (from 1)
// it starts on.
struct JsonItem {
  std::string_view text;  // into the document
  std::size_t line = 0;
};

// The items of a document of JSON values, as a push body or a ninjs file
// holds them: the elements of one top-level array, the lines of JSON Lines,
// or values one after another (one pretty-printed object, say). Only
// brackets and strings are followed: an item that is not valid JSON is
// still an item, for the parser to refuse with its own message.
NEWSIDX_EXPORT std::vector<JsonItem> split_json_items(std::string_view document);

// One IPTC ninjs item (1.x to 3.x) as a line of the article format, checked
// as a file's line is. Throws InvalidArgument naming the ninjs field:
// `ninjs field "pubstatus": "draft" is not usable, withheld or canceled`.
NEWSIDX_EXPORT std::string article_line_from_ninjs(std::string_view item);

// Counts per language and category, and the size on disk.
// After a lost or damaged DIR/xapian.stub (which readers and writers refuse
// to guess past), publishes the newest generation that opens as an index of
// this version and returns its directory; in a sharded index, does so for
// each shard whose stub is lost or damaged and returns their generations.
// Throws DatabaseError when there is none, or another process is writing.
NEWSIDX_EXPORT std::string recover_index(const std::string& db_dir);

// Creates an empty index in db_dir: one database, or `shards` of them
// (DIR/shard-0 ...) that every command then reads and writes as one, an
// article in the shard its id hashes to. Throws DatabaseError when db_dir
// already holds an index or cannot be written, InvalidArgument for 0 or
// over 256 shards.
NEWSIDX_EXPORT void create_index(const std::string& db_dir, unsigned shards = 1);

// Creates db_dir as an index whose shards are on shard servers
// (newsidx-shardd): one entry per shard in shard order, "HOST:PORT" or
// "HOST:PORT,HOST:PORT,...", the first the writable primary and the others
// its read replicas. Every command then reads and writes through them.
// Throws InvalidArgument for an address that is not HOST:PORT or no shard,
// DatabaseError when db_dir already holds an index or cannot be written.
NEWSIDX_EXPORT void create_remote_index(const std::string& db_dir, const std::vector<std::string>& shards);

// Throws DatabaseError when there is no readable index in db_dir.
NEWSIDX_EXPORT IndexStats index_stats(const std::string& db_dir);

// Copies the index in db_dir, as of one commit of each shard, into
// dest_dir (which must not hold an index), while writers go on: each
// shard is compacted from the revision a reader sees. Only the index:
// copy_view_counts() copies the view counts. Throws DatabaseError when the
// index cannot be read or dest_dir written, or the shards are on shard
// servers (snapshot each where it is served).
NEWSIDX_EXPORT void snapshot_index(const std::string& db_dir, const std::string& dest_dir);

// Calls f with every article stored in db_dir, as the JSON line it was
// added as, shard by shard, from an index of this or an older schema: an
// index that a new version asks to be rebuilt is exported and added again.
// Throws DatabaseError when a shard cannot be read or is on a shard server.
NEWSIDX_EXPORT void export_articles(const std::string& db_dir, const std::function<void(const std::string& json)>& f);

}  // namespace newsidx
