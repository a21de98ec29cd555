#include "newsidx/indexer.h"

#include <algorithm>

#include "index/schema.h"
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
    Xapian::WritableDatabase db = store::open_writer(dir_);
    for (const auto& id : ids) {
      const std::string term = schema::kId + id;
      if (db.term_exists(term)) db.delete_document(term);
      else missing.push_back(id);
    }
    db.commit();
  } catch (const Xapian::Error& e) {
    throw DatabaseError(dir_ + ": deleting failed: " + e.get_description());
  }
  return missing;
}

std::string recover_index(const std::string& dir) { return store::recover(dir); }

IndexStats index_stats(const std::string& dir) {
  IndexStats stats;
  Xapian::Database db = store::open_reader(dir);
  try {
    stats.articles = db.get_doccount();
    const auto& known = supported_languages();
    for (auto v = db.valuestream_begin(schema::kSlotLang); v != db.valuestream_end(schema::kSlotLang); ++v) {
      if (std::find(known.begin(), known.end(), *v) == known.end())  // check what is read: the index may be damaged
        throw DatabaseError(dir + ": the index is damaged (document " + std::to_string(v.get_docid()) +
                            " has no known language); rebuild it with newsindex add, or restore a copy");
      ++stats.by_language[*v];
    }
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
