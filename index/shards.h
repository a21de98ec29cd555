// A sharded --db directory: its articles spread over shards, each an index
// directory of its own (index/store.h), searched as one Xapian database.
//
//   DIR/shards            the layout: "newsidx-shards 1" and a line per shard
//   DIR/shard-0/ ...      shard K: xapian.stub and its generations
//   DIR/state.sqlite      view counts, for the whole index
//
// An article belongs to shard hash64(id) % N, a hash that stays the same
// across builds, so a re-added id replaces within its shard. Searched
// together, shard k's document d is document (d - 1) * N + k + 1 of the
// whole (Xapian interleaves them).
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace newsidx::store {

inline constexpr unsigned kMaxShards = 256;

std::string layout_path(const std::string& dir);

// The index directories whose databases make up DIR's index, in shard
// order: DIR itself unless DIR is sharded. Throws DatabaseError naming the
// file and line of a damaged layout.
std::vector<std::string> part_dirs(const std::string& dir);

// Creates DIR as an index of `shards` empty shards (1: a plain index).
// Throws DatabaseError when DIR already holds an index or cannot be written.
void create_index(const std::string& dir, unsigned shards);

// The shard of `count` that holds the article with this id.
unsigned shard_of(std::string_view id, unsigned count);

// Where one shard's documents stand among all the shards searched
// together: Xapian hands a PostingSource each shard with its own docids.
struct ShardPlace {
  Xapian::doccount index = 0, count = 1;
  Xapian::docid global(Xapian::docid local) const { return (local - 1) * count + index + 1; }
  Xapian::docid local(Xapian::docid global) const { return (global - 1) / count + 1; }
  bool holds(Xapian::docid global) const { return (global - 1) % count == index; }
  // This shard's first document at or after document `global` of the whole.
  Xapian::docid first_from(Xapian::docid global) const {
    const Xapian::docid row = (global - 1) / count, column = (global - 1) % count;
    return column <= index ? row + 1 : row + 2;
  }
};

// The place of `shard` (a database PostingSource::init was given) among the
// databases whose uuids `all_uuids` lists (Database::get_uuid() of the whole:
// the shards' uuids joined by ':'). Index 0 of 1 when not found there.
ShardPlace shard_place(std::string_view all_uuids, const Xapian::Database& shard);

}  // namespace newsidx::store
