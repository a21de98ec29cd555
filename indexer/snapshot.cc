#include <filesystem>
#include <functional>

#include "index/article_codec.h"
#include "index/schema.h"
#include "index/shards.h"
#include "index/store.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"

namespace fs = std::filesystem;

namespace newsidx {

namespace {

// Compacts what `part` holds at the revision opened into a new generation
// of `dest_part`, and publishes it; a copy that a writer overtakes starts
// again on the newest commit.
void copy_part(const std::string& part, const std::string& dest_part) {
  try {
    store::read_again_when_overtaken(part, "copy", [&] {
      const std::string generation = store::next_generation(dest_part);
      try {
        Xapian::Database db = store::open_reader(part);
        // Document ids kept as they are: nothing outside the index needs renumbering.
        db.compact(generation, Xapian::DBCOMPACT_NO_RENUMBER);
        store::publish(dest_part, generation);
        store::remove_unused(dest_part);
      } catch (const Xapian::Error&) {
        fs::remove_all(generation);
        throw;
      }
    });
  } catch (const Xapian::Error& e) {
    throw DatabaseError(part + ": copying the index failed: " + e.get_description());
  }
}

}  // namespace

void snapshot_index(const std::string& dir, const std::string& dest) {
  if (store::on_shard_servers(dir))
    throw DatabaseError(dir +
                        ": its shards are on shard servers; snapshot each shard where it is served "
                        "(newsindex --db SHARD_DIR snapshot DEST)");
  const std::vector<std::string> parts = store::part_dirs(dir);
  store::open_reader(dir);  // an index that does not open is named as such, before DEST is made
  store::create_index(dest, static_cast<unsigned>(parts.size()));
  const std::vector<std::string> dest_parts = store::part_dirs(dest);
  for (std::size_t k = 0; k < parts.size(); ++k) copy_part(parts[k], dest_parts[k]);
}

void export_articles(const std::string& dir, const std::function<void(const std::string& json)>& f) {
  if (store::on_shard_servers(dir))
    throw DatabaseError(dir + ": its shards are on shard servers; export each shard where it is served");
  for (const std::string& part : store::part_dirs(dir)) {
    // The generation as published, whatever its schema: an upgrade reads an index of an older one.
    const std::string generation = store::current_generation_or_throw(part);
    try {
      const Xapian::Database db(generation);
      for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) {
        const Xapian::Document doc = db.get_document(*it);
        const std::string stored = doc.get_value(schema::kSlotArticle);
        if (stored.empty()) throw DatabaseError(part + ": document " + std::to_string(*it) + " holds no stored article");
        f(unpack_article(stored, doc.get_value(schema::kSlotSummary)));
      }
    } catch (const Xapian::Error& e) {
      throw DatabaseError(part + ": reading the articles failed: " + e.get_description());
    }
  }
}

}  // namespace newsidx
