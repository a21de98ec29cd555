#include "newsidx/indexer.h"

#include <algorithm>
#include <filesystem>

#include "index/schema.h"
#include "index/shards.h"
#include "index/store.h"
#include "indexer/ingest.h"
#include "newsidx/article.h"
#include "newsidx/errors.h"

namespace newsidx {

Indexer::Indexer(std::string db_dir, IndexerOptions options) : dir_(std::move(db_dir)), options_(std::move(options)) {
  if (dir_.empty()) throw InvalidArgument("the database directory is empty");
  if (options_.threads == 0) options_.threads = 1;
}

Indexer::~Indexer() = default;

IngestReport Indexer::add_files(const std::vector<std::string>& files) { return run_ingest(dir_, options_, files); }

std::vector<std::string> Indexer::remove(const std::vector<std::string>& ids) {
  std::vector<std::string> missing;
  try {
    std::vector<Xapian::WritableDatabase> shards;  // all locked first: no half-done delete for want of a lock
    for (const auto& shard : store::read_layout(dir_)) shards.push_back(store::open_shard_writer(shard));
    const auto count = static_cast<unsigned>(shards.size());
    for (const auto& id : ids) {
      const std::string term = schema::kId + id;
      Xapian::WritableDatabase& db = shards[store::shard_of(id, count)];
      if (db.term_exists(term)) db.delete_document(term);
      else missing.push_back(id);
    }
    for (auto& db : shards) db.commit();
  } catch (const Xapian::Error& e) {
    throw DatabaseError(dir_ + ": deleting failed: " + e.get_description());
  }
  return missing;
}

std::string recover_index(const std::string& dir) {
  const std::vector<std::string> parts = store::part_dirs(dir);
  if (parts.size() == 1) return store::recover(dir);
  std::string recovered;
  for (const auto& part : parts) {
    try {
      if (std::filesystem::exists(store::current_generation_or_throw(part))) continue;  // this shard is sound
    } catch (const DatabaseError&) {
    }
    recovered += (recovered.empty() ? "" : ", ") + store::recover(part);
  }
  if (recovered.empty())
    throw DatabaseError(dir + ": every shard's stub names an intact generation; nothing to recover");
  return recovered;
}

void create_index(const std::string& dir, unsigned shards) { store::create_index(dir, shards); }

void create_remote_index(const std::string& dir, const std::vector<std::string>& shards) {
  std::vector<std::vector<store::Endpoint>> copies;
  for (const std::string& list : shards) {
    std::string bad;
    copies.push_back(store::parse_copies(list, bad));
    if (copies.back().empty()) throw InvalidArgument("\"" + bad + "\" is not HOST:PORT (the port 1 to 65535)");
  }
  store::create_remote_index(dir, copies);
}

namespace {

// Articles per edition from the value stream, checking each one's edition.
void count_languages_locally(const std::string& dir, const Xapian::Database& db, IndexStats& stats) {
  const auto& known = supported_languages();
  for (auto v = db.valuestream_begin(schema::kSlotLang); v != db.valuestream_end(schema::kSlotLang); ++v) {
    if (std::find(known.begin(), known.end(), *v) == known.end())  // check what is read: the index may be damaged
      throw DatabaseError(dir + ": the index is damaged (document " + std::to_string(v.get_docid()) +
                          " has no known language); rebuild it with newsindex add, or restore a copy");
    ++stats.by_language[*v];
  }
}

// Over shard servers, where a value stream would fetch every document: one
// exact count per edition, each shard reading its own value stream.
void count_languages_remotely(const std::string& dir, const Xapian::Database& db, IndexStats& stats) {
  Xapian::doccount counted = 0;
  for (const auto& [lang, n] : store::count_each_value(db, schema::kSlotLang, supported_languages())) {
    stats.by_language[lang] = n;
    counted += n;
  }
  if (counted != stats.articles)
    throw DatabaseError(
        dir + ": the index is damaged (articles with no known language: " + std::to_string(stats.articles - counted) +
        "); rebuild it with newsindex add, or restore a copy");
}

}  // namespace

IndexStats index_stats(const std::string& dir) {
  IndexStats stats;
  Xapian::Database db = store::open_reader(dir);
  try {
    stats.articles = db.get_doccount();
    stats.on_shard_servers = store::on_shard_servers(dir);
    if (stats.on_shard_servers) count_languages_remotely(dir, db, stats);
    else count_languages_locally(dir, db, stats);
    const std::string category = schema::kCategory;
    for (auto t = db.allterms_begin(category); t != db.allterms_end(category); ++t)
      stats.by_category[(*t).substr(category.size())] = t.get_termfreq();
  } catch (const Xapian::Error& e) {
    throw DatabaseError(dir + ": reading the index failed: " + e.get_description());
  }
  stats.bytes = store::directory_bytes(dir);
  return stats;
}

}  // namespace newsidx
