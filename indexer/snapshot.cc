#include <filesystem>
#include <thread>

#include "index/shards.h"
#include "index/store.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"

namespace fs = std::filesystem;

namespace newsidx {

namespace {

// Compacts what `part` holds at the revision opened into a new generation
// of `dest_part`, and publishes it. A writer's commits may overtake the
// copy (Xapian keeps the revision being read only until two more commits)
// and a bulk load may replace the generation: the copy starts again, on
// the newest commit.
void copy_part(const std::string& part, const std::string& dest_part) {
  constexpr int kAttempts = 20;
  for (int attempt = 1;; ++attempt) {
    const std::string generation = store::next_generation(dest_part);
    try {
      Xapian::Database db = store::open_reader(part);
      // Document ids kept as they are: nothing outside the index needs renumbering.
      db.compact(generation, Xapian::DBCOMPACT_NO_RENUMBER);
      store::publish(dest_part, generation);
      store::remove_unused(dest_part);
      return;
    } catch (const Xapian::Error& e) {
      fs::remove_all(generation);
      const std::string type = e.get_type();
      const bool overtaken = type == "DatabaseModifiedError" || type == "DatabaseOpeningError";
      if (!overtaken) throw DatabaseError(part + ": copying the index failed: " + e.get_description());
      if (attempt == kAttempts)
        throw DatabaseError(part + ": the index changed too fast to copy: " + e.get_description());
      std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt));
    }
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

}  // namespace newsidx
