#include "indexer/store.h"

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <fcntl.h>
#include <unistd.h>

#include "indexer/schema.h"
#include "newsidx/errors.h"

namespace fs = std::filesystem;

namespace newsidx::store {
namespace {

constexpr const char* kGenerationPrefix = "xapian-";

void fsync_path(const std::string& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

}  // namespace

std::string stub_path(const std::string& dir) { return (fs::path(dir) / "xapian.stub").string(); }

std::optional<std::string> current_generation(const std::string& dir) {
  std::ifstream in(stub_path(dir));
  if (!in) return std::nullopt;
  std::string backend, name;
  if (!(in >> backend >> name) || name.rfind(kGenerationPrefix, 0) != 0)
    throw DatabaseError(stub_path(dir) + ": damaged stub file (expected \"glass " +
                        kGenerationPrefix + "NNNNNN\")");
  return (fs::path(dir) / name).string();
}

std::string next_generation(const std::string& dir) {
  long highest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(kGenerationPrefix, 0) == 0)
      highest = std::max(highest, std::strtol(name.c_str() + 7, nullptr, 10));
  }
  char name[32];
  std::snprintf(name, sizeof name, "%s%06ld", kGenerationPrefix, highest + 1);
  return (fs::path(dir) / name).string();
}

void publish(const std::string& dir, const std::string& generation) {
  const std::string tmp = stub_path(dir) + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << "glass " << fs::path(generation).filename().string() << "\n";
    out.flush();
    if (!out) throw DatabaseError(tmp + ": cannot write the stub file");
  }
  fsync_path(tmp, O_RDONLY);
  if (std::rename(tmp.c_str(), stub_path(dir).c_str()) != 0)
    throw DatabaseError(stub_path(dir) + ": cannot replace the stub file");
  fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

void remove_unused(const std::string& dir) {
  const auto current = current_generation(dir);
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const bool generation = name.rfind(kGenerationPrefix, 0) == 0;
    const bool build = name.rfind(".build-", 0) == 0;
    if ((generation || build) && (!current || entry.path().string() != *current))
      fs::remove_all(entry.path(), ec);
  }
}

Xapian::Database open_reader(const std::string& dir) {
  const auto generation = current_generation(dir);
  if (!generation)
    throw DatabaseError("no index in " + dir + " (create one with: newsindex --db " + dir + " add FILE)");
  try {
    Xapian::Database db(*generation);
    const std::string version = db.get_metadata(schema::kSchemaVersionKey);
    if (!version.empty() && version != schema::kSchemaVersion)
      throw DatabaseError(dir + ": index schema " + version + " is not this version's " +
                          schema::kSchemaVersion + "; rebuild it");
    return db;
  } catch (const Xapian::Error& e) {
    throw DatabaseError(dir + ": cannot open the index: " + e.get_description());
  }
}

Xapian::WritableDatabase open_writer(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw DatabaseError(dir + ": cannot create directory: " + ec.message());
  try {
    auto generation = current_generation(dir);
    if (!generation) {
      const std::string fresh = next_generation(dir);
      Xapian::WritableDatabase db(fresh, Xapian::DB_CREATE_OR_OPEN);
      db.set_metadata(schema::kSchemaVersionKey, schema::kSchemaVersion);
      db.commit();
      db.close();
      publish(dir, fresh);
      generation = fresh;
    }
    return Xapian::WritableDatabase(*generation, Xapian::DB_OPEN);
  } catch (const Xapian::DatabaseLockError&) {
    throw DatabaseError(dir + ": the index is being written by another process; try again when it has finished");
  } catch (const Xapian::Error& e) {
    throw DatabaseError(dir + ": cannot open the index for writing: " + e.get_description());
  }
}

std::optional<Xapian::docid> find_article(const Xapian::Database& db, const std::string& id) {
  const std::string term = schema::kId + id;
  auto p = db.postlist_begin(term);
  if (p == db.postlist_end(term)) return std::nullopt;
  return *p;
}

std::uint64_t directory_bytes(const std::string& path) {
  std::uint64_t total = 0;
  std::error_code ec;
  for (const auto& entry : fs::recursive_directory_iterator(path, ec))
    if (entry.is_regular_file(ec)) total += entry.file_size(ec);
  return total;
}

}  // namespace newsidx::store
