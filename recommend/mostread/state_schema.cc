#include "recommend/mostread/state_schema.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "newsidx/errors.h"
#include "recommend/mostread/sqlite.h"

namespace newsidx::state {

namespace fs = std::filesystem;

const std::string& with_schema(const std::string& path) {
  if (fs::exists(path)) return path;
  const std::string draft = path + ".new";
  const auto remove_draft = [&] {
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(draft + suffix);
  };
  remove_draft();  // a counter killed while creating it left it
  {
    sql::Db db(draft, /*read_only=*/false);
    db.exec(kSchema);
    sql::Stmt version(db, "INSERT INTO meta VALUES('schema', ?)");
    version.bind(1, std::string_view(kStateSchemaVersion)).step();
  }  // closing checkpoints the write-ahead log into the file
  const int linked = ::link(draft.c_str(), path.c_str());
  const int error = errno;
  remove_draft();
  if (linked != 0 && error != EEXIST) throw DatabaseError(path + ": cannot create: " + std::strerror(error));
  return path;
}

void check_version(sql::Db& db, const std::string& path) {
  std::string version = "none";
  sql::Stmt has_meta(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (has_meta.step()) {
    sql::Stmt check(db, "SELECT value FROM meta WHERE key = 'schema'");
    if (check.step()) version = check.text(0);
  }
  if (version != kStateSchemaVersion)
    throw DatabaseError(path + ": view counts of schema " + version + ", not this version's " + kStateSchemaVersion +
                        "; delete the file and count again");
}

}  // namespace newsidx::state
