// A sharded --db directory: its articles spread over shards, each an index
// directory of its own (index/store.h), searched as one Xapian database.
//
//   DIR/shards            the layout: "newsidx-shards 1" and a line per shard,
//                         "shard-K" (local) or "remote HOST:PORT[,HOST:PORT...]"
//                         (on shard servers: the primary, then read replicas)
//   DIR/shard-0/ ...      local shard K: xapian.stub and its generations
//   DIR/state.sqlite      view counts, for the whole index
//
// An article belongs to shard hash64(id) % N, a hash that stays the same
// across builds, so a re-added id replaces within its shard. Searched
// together, shard k's document d is document (d - 1) * N + k + 1 of the
// whole (Xapian interleaves them).
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

namespace newsidx::store {

inline constexpr unsigned kMaxShards = 256;

std::string layout_path(const std::string& dir);

// A shard server's address.
struct Endpoint {
  std::string host;
  int port = 0;
  std::string text() const { return host + ":" + std::to_string(port); }
};
// HOST:PORT, the port 1 to 65535; nullopt otherwise.
std::optional<Endpoint> parse_endpoint(std::string_view text);
// HOST:PORT[,HOST:PORT...]; empty, with `bad` set to the piece that is not
// HOST:PORT, otherwise.
std::vector<Endpoint> parse_copies(std::string_view list, std::string& bad);

// One shard: a local index directory, or copies on shard servers.
struct Shard {
  std::string dir;               // local: its index directory
  std::vector<Endpoint> copies;  // remote: the writable primary first, then read replicas
  bool remote() const { return !copies.empty(); }
  // "DIR/shard-1", or "shard 1 (host:7001, host:7101)" for messages.
  std::string name;
};

// The shards of DIR's index, in shard order: DIR itself unless DIR is
// sharded. Throws DatabaseError naming the file and line of a damaged layout.
std::vector<Shard> read_layout(const std::string& dir);

// Whether any of DIR's shards is on a shard server.
bool on_shard_servers(const std::string& dir);

// Calls f with every document's value in `slot` (values distinct, as the
// summaries are: each starts with the article's id). Locally from a value
// stream; over shard servers, where Xapian 1.4 would fetch every document
// for one, from pages of matches sorted by the value, which come back as
// their sort keys.
void for_each_value(const Xapian::Database& db, bool remote, unsigned slot,
                    const std::function<void(const std::string&)>& f);

// How many documents hold each value of `slot` (those with none left out),
// exactly, from one match that sees every document: over shard servers each
// shard counts its own and nothing but the counts travel.
std::map<std::string, Xapian::doccount> count_values(const Xapian::Database& db, unsigned slot);

// The exact frequencies of `terms` in db (duplicates allowed), from one
// match: over shard servers one exchange with all the shards at once rather
// than a round trip per term and shard.
std::unordered_map<std::string, Xapian::doccount> term_freqs(const Xapian::Database& db,
                                                             const std::vector<std::string>& terms);

// The index directories of DIR's local shards (DIR itself unless sharded).
// Throws DatabaseError when a shard is remote or the layout is damaged.
std::vector<std::string> part_dirs(const std::string& dir);

// Creates DIR as an index of `shards` empty shards (1: a plain index).
// Throws DatabaseError when DIR already holds an index or cannot be written.
void create_index(const std::string& dir, unsigned shards);

// Creates DIR as an index whose shards are on shard servers: per shard, its
// copies (the writable primary first). Throws DatabaseError when DIR already
// holds an index or cannot be written, InvalidArgument for no shard, too
// many, or a shard without a copy.
void create_remote_index(const std::string& dir, const std::vector<std::vector<Endpoint>>& shards);

// Seconds a remote shard may take to connect and to answer each message
// before the next copy is tried: $NEWSIDX_REMOTE_TIMEOUT, else 1.
double remote_timeout_seconds();
// The same in whole milliseconds, as Xapian::Remote::open takes it.
unsigned remote_timeout_ms();

// Opens a remote shard for reading: the first of its copies in `order` that
// answers within remote_timeout_seconds(), telling `tried` (may be empty)
// of each copy tried. Sets `used` to "remote HOST:PORT" of that copy. Throws
// DatabaseError naming DIR, the shard and the last copy's problem when none
// answers.
Xapian::Database open_remote_shard(const std::string& dir, const Shard& shard,
                                   const std::vector<const Endpoint*>& order, std::string& used,
                                   const std::function<void(const Endpoint&, bool answered)>& tried = {});

// Opens one copy of a remote shard for reading, with remote_timeout_seconds()
// to connect and for each answer. Xapian's errors propagate.
Xapian::Database open_remote_copy(const Endpoint& copy);

// Opens shard `shard` for writing: the local directory (as open_writer) or
// the primary copy. Throws DatabaseError naming the shard.
Xapian::WritableDatabase open_shard_writer(const Shard& shard);

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
// The same by the shard's uuid; nullopt when all_uuids does not list it.
std::optional<ShardPlace> shard_place(std::string_view all_uuids, std::string_view uuid);

}  // namespace newsidx::store
