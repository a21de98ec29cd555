// The layout of a --db directory.
//
//   DIR/xapian.stub        Xapian stub file naming the current generation
//   DIR/xapian-000001/     a Xapian (glass) database: one generation
//   DIR/.build-<pid>/      shards of a bulk load under way
//   DIR/state.sqlite       view counts and other small state
//   DIR/views.lock         held by the one view counter at work
//
// A bulk load builds a new generation beside the current one and publishes
// it by renaming a new stub over the old: readers and a killed writer only
// ever see a complete generation. Nothing here deletes a generation unless
// the stub names another one.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <xapian.h>

#include "newsidx/errors.h"

namespace newsidx::store {

// One commit of the index: its generation's directory and Xapian's revision
// there. Changes with every commit, also across generations.
struct CommitId {
  std::string generation;
  Xapian::rev revision = 0;
  bool operator==(const CommitId& o) const { return revision == o.revision && generation == o.generation; }
  bool operator!=(const CommitId& o) const { return !(*this == o); }
};

std::string stub_path(const std::string& dir);

// The version file Xapian writes anew at every commit of a generation.
std::string version_file(const std::string& generation);

// The current generation's directory, or nullopt when there is no stub.
// Throws DatabaseError for a damaged stub.
std::optional<std::string> current_generation(const std::string& dir);

// The current generation's directory. Throws DatabaseError saying what to
// do when there is none: create an index, or recover the one a missing or
// damaged stub leaves behind.
std::string current_generation_or_throw(const std::string& dir);

// The generation directories in dir, oldest first.
std::vector<std::string> generations(const std::string& dir);

// A fresh, unused generation directory path (not created).
std::string next_generation(const std::string& dir);

// Makes `generation` current, atomically (write, fsync, rename).
void publish(const std::string& dir, const std::string& generation);

// Publishes the newest generation that opens as an index of this schema
// (after a lost or damaged stub) and returns it. Throws DatabaseError when
// there is none.
std::string recover(const std::string& dir);

// Deletes generations other than the current one and abandoned build
// directories; nothing without a readable stub. Call only while holding the
// current generation's write lock.
void remove_unused(const std::string& dir);

// Opens one generation for reading. Xapian's errors propagate (a reader
// retries when a writer replaced the generation meanwhile); throws
// DatabaseError for an index of another schema version.
Xapian::Database open_generation(const std::string& dir, const std::string& generation);

// Opens the index for reading, every shard of it as one database; throws
// DatabaseError naming DIR (or the shard) and what to do when there is none
// or it cannot be opened. Sets *commit, when given, to the commit opened.
Xapian::Database open_reader(const std::string& dir, CommitId* commit = nullptr);

// The commit of shards opened at `generations`, at `revisions` (one each per
// shard, in shard order). For several shards the generations are
// joined by '\n' and the revision is the sum of theirs: each shard's only
// grows, so any commit changes the sum.
CommitId commit_of(const std::vector<std::string>& generations, const std::vector<Xapian::rev>& revisions);

// Opens the shards' generations that `commit.generation` names as one
// database; sets `revision` to the commit's revision as commit_of counts it.
Xapian::Database open_commit(const std::string& generations, Xapian::rev& revision);

// What to tell a reader who cannot open the index: a stub naming a missing
// generation, or Xapian's `problem`.
std::string cannot_open(const std::string& dir, const std::string& problem);

// Opens (creating DIR and an empty first generation when DIR holds none)
// the current generation for writing; throws DatabaseError when another
// writer holds it, the directory cannot be written, or the index is of
// another schema version.
Xapian::WritableDatabase open_writer(const std::string& dir);

// Whether a Xapian error says a writer overtook the reader: its commits
// discarded the revision being read (Xapian keeps it only until two more),
// or a bulk load replaced the generation.
inline bool overtaken_by_writer(const Xapian::Error& e) {
  const std::string type = e.get_type();
  return type == "DatabaseModifiedError" || type == "DatabaseOpeningError";
}

// Calls `read` until no writer overtakes it, each time on the newest
// commit, up to 20 times with a longer pause each; then DatabaseError
// "DIR: the index changed too fast to WHAT: ...". Other errors pass.
template <class Read>
void read_again_when_overtaken(const std::string& dir, const std::string& what, Read&& read) {
  constexpr int kAttempts = 20;
  for (int attempt = 1;; ++attempt) {
    try {
      read();
      return;
    } catch (const Xapian::Error& e) {
      if (!overtaken_by_writer(e)) throw;
      if (attempt == kAttempts)
        throw DatabaseError(dir + ": the index changed too fast to " + what + ": " + e.get_description());
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
    }
  }
}

// Who holds an index's write lock for a while (a writable service), for
// the message another writer gets: DIR/.writer, "PID<TAB>WHO". note_writer
// replaces it (best effort: a directory that cannot take it is no error);
// clear_writer_note removes it.
void note_writer(const std::string& db_dir, const std::string& who);
void clear_writer_note(const std::string& db_dir);
// " (WHO, pid PID)" when DIR (or, for a shard, the index above it) has a
// note of a process that is alive, else "".
std::string writer_named(const std::string& dir);

// The document of the article with this id, if any.
std::optional<Xapian::docid> find_article(const Xapian::Database& db, const std::string& id);

// Total bytes of the files under a directory.
std::uint64_t directory_bytes(const std::string& path);

}  // namespace newsidx::store
