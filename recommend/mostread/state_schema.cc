#include "recommend/mostread/state_schema.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#include <unistd.h>

#include "newsidx/errors.h"
#include "recommend/mostread/day_hours.h"
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

namespace {

std::string version_of(sql::Db& db) {
  sql::Stmt has_meta(db, "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'meta'");
  if (!has_meta.step()) return "none";
  sql::Stmt check(db, "SELECT value FROM meta WHERE key = 'schema'");
  return check.step() ? check.text(0) : "none";
}

// Schema 2's hourly rows as schema 3's day rows.
void write_day_rows(sql::Db& db) {
  sql::Stmt hourly(db, "SELECT hour, article_id, views FROM views_hourly ORDER BY hour / 24, article_id");
  sql::Stmt put(db, "INSERT INTO views_by_day VALUES(?, ?, ?, ?)");
  DayRowWriter days(put);
  while (hourly.step()) days.add(hourly.int64(0), hourly.text(1), static_cast<std::uint64_t>(hourly.int64(2)));
  days.finish();
}

}  // namespace

void check_version(sql::Db& db, const std::string& path) {
  const std::string version = version_of(db);
  if (version == kStateSchemaVersion) return;
  const std::string what = path + ": view counts of schema " + version + ", not this version's " + kStateSchemaVersion;
  if (version == "2") throw DatabaseError(what + "; counting views (newsindex views) upgrades them, keeping every count");
  throw DatabaseError(what + "; delete the file and count again");
}

void upgrade(sql::Db& db) {
  if (version_of(db) != "2") return;
  db.exec("BEGIN IMMEDIATE");
  try {
    db.exec(
        "CREATE TABLE views_by_day(day INTEGER NOT NULL, article_id TEXT NOT NULL, views INTEGER NOT NULL,"
        " hours BLOB NOT NULL, PRIMARY KEY(day, article_id)) WITHOUT ROWID");
    write_day_rows(db);
    db.exec(
        "DROP TABLE views_hourly; DROP TABLE views_daily; ALTER TABLE views_by_day RENAME TO views_daily;"
        "UPDATE meta SET value = '3' WHERE key = 'schema'");
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

}  // namespace newsidx::state
