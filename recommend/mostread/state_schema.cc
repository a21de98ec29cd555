#include "recommend/mostread/state_schema.h"

#include "newsidx/errors.h"
#include "recommend/mostread/sqlite.h"

namespace newsidx::state {

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
