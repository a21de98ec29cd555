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

bool is_stored_language(const std::string& code) {
  try {
    return canonical_language(code) == code;
  } catch (const InvalidArgument&) {
    return false;
  }
}

std::string damaged(const std::string& dir, const std::string& what) {
  return dir + ": the index is damaged (" + what + "); rebuild it with newsindex add, or restore a copy";
}

// The code itself is not shown: a damaged one may be any bytes.
std::string bad_code(const std::string& which) { return which + " has a language code that is not a BCP 47 tag"; }

// Articles per language from the value stream, checking each one's code
// (each distinct code once): the index may be damaged.
void count_languages_locally(const std::string& dir, const Xapian::Database& db, IndexStats& stats) {
  for (auto v = db.valuestream_begin(schema::kSlotLang); v != db.valuestream_end(schema::kSlotLang); ++v) {
    auto& n = stats.by_language[*v];
    if (n++ == 0 && !is_stored_language(*v))
      throw DatabaseError(damaged(dir, bad_code("document " + std::to_string(v.get_docid()))));
  }
}

// Over shard servers, where a value stream would fetch every document: the
// counts of one match, each shard counting its own documents' codes.
void count_languages_remotely(const std::string& dir, const Xapian::Database& db, IndexStats& stats) {
  Xapian::doccount counted = 0;
  for (const auto& [lang, n] : store::count_values(db, schema::kSlotLang)) {
    if (!is_stored_language(lang)) throw DatabaseError(damaged(dir, bad_code("an article")));
    stats.by_language[lang] = n;
    counted += n;
  }
  if (counted != stats.articles)
    throw DatabaseError(damaged(dir, "articles with no language: " + std::to_string(stats.articles - counted)));
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
