#include <chrono>
#include <filesystem>
#include <thread>

#include "newsidx/errors.h"
#include "newsidx/views.h"
#include "recommend/mostread/sqlite.h"

namespace fs = std::filesystem;

namespace newsidx {

bool copy_view_counts(const std::string& db_dir, const std::string& dest_dir) {
  const std::string from = db_dir + "/state.sqlite", to = dest_dir + "/state.sqlite";
  if (!fs::exists(from)) return false;
  if (fs::exists(to)) throw DatabaseError(to + ": already exists; copy into a new directory");
  sql::Db source(from, /*read_only=*/true);
  sql::Db dest(to, /*read_only=*/false);
  // One step copies every page inside one read transaction of the source:
  // the counts of one commit of `newsindex views`, which goes on writing (WAL).
  for (int attempt = 1;; ++attempt) {
    sqlite3_backup* backup = sqlite3_backup_init(dest.handle(), "main", source.handle(), "main");
    if (!backup) dest.fail("cannot start copying the view counts");
    const int stepped = sqlite3_backup_step(backup, -1);
    const int finished = sqlite3_backup_finish(backup);
    if (stepped == SQLITE_DONE && finished == SQLITE_OK) return true;
    if ((stepped != SQLITE_BUSY && stepped != SQLITE_LOCKED) || attempt == 50)
      source.fail("copying the view counts failed");
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

}  // namespace newsidx
