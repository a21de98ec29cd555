// The layout of a --db directory.
//
//   DIR/xapian.stub        Xapian stub file naming the current generation
//   DIR/xapian-000001/     a Xapian (glass) database: one generation
//   DIR/.build-<pid>/      shards of a bulk load under way
//   DIR/state.sqlite       view counts and other small state
//
// A bulk load builds a new generation beside the current one and publishes
// it by renaming a new stub over the old: readers and a killed writer only
// ever see a complete generation.
#pragma once

#include <optional>
#include <string>

#include <xapian.h>

namespace newsidx::store {

std::string stub_path(const std::string& dir);

// The current generation's directory, if the index exists.
std::optional<std::string> current_generation(const std::string& dir);

// A fresh, unused generation directory path (not created).
std::string next_generation(const std::string& dir);

// Makes `generation` current, atomically (write, fsync, rename).
void publish(const std::string& dir, const std::string& generation);

// Deletes generations other than the current one and abandoned build
// directories. Call only while holding the current generation's write lock.
void remove_unused(const std::string& dir);

// Opens the index for reading; throws DatabaseError naming DIR when there is none.
Xapian::Database open_reader(const std::string& dir);

// Opens (creating DIR and an empty first generation when needed) the current
// generation for writing; throws DatabaseError when another writer holds it.
Xapian::WritableDatabase open_writer(const std::string& dir);

// The document of the article with this id, if any.
std::optional<Xapian::docid> find_article(const Xapian::Database& db, const std::string& id);

// Total bytes of the files under a directory.
std::uint64_t directory_bytes(const std::string& path);

}  // namespace newsidx::store
