// The schema of DIR/state.sqlite. DO NOT CHANGE a table without raising
// kStateSchemaVersion: it is an on-disk format.
#pragma once

#include <string>

namespace newsidx::sql {
class Db;
}

namespace newsidx::state {

inline constexpr const char* kStateSchemaVersion = "3";
inline constexpr const char* kFileName = "state.sqlite";

inline constexpr const char* kSchema = R"sql(
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
-- Views per article per UTC day (day = unix seconds / 86400): in all, and
-- by hour of the day (day_hours.h). A window of whole days reads one row per
-- article per day, a window of hours the rows of the days it spans; a log
-- is counted with one row per article per day.
CREATE TABLE IF NOT EXISTS views_daily(
  day INTEGER NOT NULL, article_id TEXT NOT NULL, views INTEGER NOT NULL, hours BLOB NOT NULL,
  PRIMARY KEY(day, article_id)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS views_total(
  article_id TEXT PRIMARY KEY, views INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS views_total_by_views ON views_total(views);
-- How far each log file has been counted: identified by device and inode,
-- checked by a hash of its first bytes (rotation, truncation).
CREATE TABLE IF NOT EXISTS log_files(
  dev INTEGER NOT NULL, inode INTEGER NOT NULL, head TEXT NOT NULL,
  offset INTEGER NOT NULL, line INTEGER NOT NULL, path TEXT NOT NULL,
  PRIMARY KEY(dev, inode));
-- The last counted view per visitor and article, for the last 40 minutes.
CREATE TABLE IF NOT EXISTS dedup(
  visitor INTEGER NOT NULL, article_id TEXT NOT NULL, last INTEGER NOT NULL,
  PRIMARY KEY(visitor, article_id)) WITHOUT ROWID;
-- The articles' edition and category, for per-edition lists.
CREATE TABLE IF NOT EXISTS articles(
  article_id TEXT PRIMARY KEY, lang TEXT NOT NULL, category TEXT NOT NULL,
  published INTEGER NOT NULL) WITHOUT ROWID;
)sql";

// Creates the state file at `path`, with its tables and version, when
// there is none: made whole under another name and linked into place, so
// that a reader never opens a state file before its tables exist (the one
// views counter, holding its lock, is the one creator). Returns `path`;
// throws DatabaseError when it cannot be written.
const std::string& with_schema(const std::string& path);

// Throws DatabaseError telling to count again when the file at `path` was
// written by another schema version (or none: a file from before versions);
// for schema 2, telling that counting upgrades it.
void check_version(sql::Db& db, const std::string& path);

// Rewrites a file of schema 2 (a row per article per hour, and per day) as
// this schema, in one transaction, keeping every count; other files are
// left as they are. For the counter, which holds the file's lock.
void upgrade(sql::Db& db);

}  // namespace newsidx::state
