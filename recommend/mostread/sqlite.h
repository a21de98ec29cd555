// A thin RAII layer over SQLite: errors become DatabaseError with SQLite's
// text, in one place.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <sqlite3.h>

namespace newsidx::sql {

class Db {
 public:
  // Opens (creating unless read_only) the file, in WAL mode.
  Db(const std::string& path, bool read_only);
  ~Db();
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;

  void exec(const char* sql);
  sqlite3* handle() const { return db_; }
  [[noreturn]] void fail(const std::string& what) const;

 private:
  sqlite3* db_ = nullptr;
  std::string path_;
};

class Stmt {
 public:
  Stmt(Db& db, const char* sql);
  ~Stmt();
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, double v);
  Stmt& bind(int i, std::string_view v);
  Stmt& bind_blob(int i, std::string_view v);
  // Steps once: true while there is a row.
  bool step();
  void reset();
  std::int64_t int64(int col) const { return sqlite3_column_int64(s_, col); }
  double real(int col) const { return sqlite3_column_double(s_, col); }
  std::string text(int col) const;
  // A blob column's bytes, valid until the next step or reset.
  std::string_view blob(int col) const {
    const void* data = sqlite3_column_blob(s_, col);
    return {static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_column_bytes(s_, col))};
  }

 private:
  Db& db_;
  sqlite3_stmt* s_ = nullptr;
};

}  // namespace newsidx::sql
