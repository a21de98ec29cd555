#include "index/store.h"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>
#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "index/schema.h"
#include "index/shards.h"
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

bool is_generation_name(const std::string& name) {
  return name.size() > 7 && name.rfind(kGenerationPrefix, 0) == 0 &&
         name.find_first_not_of("0123456789", 7) == std::string::npos;
}

std::string recover_hint(const std::string& dir) {
  return "`newsindex --db " + dir + " recover` publishes the newest intact generation";
}

// Throws DatabaseError when db was written with another schema.
void check_schema(const std::string& dir, const Xapian::Database& db) {
  const std::string version = db.get_metadata(schema::kSchemaVersionKey);
  if (!version.empty() && version != schema::kSchemaVersion)
    throw DatabaseError(dir + ": index schema " + version + " is not this version's " + schema::kSchemaVersion +
                        "; rebuild it: newsindex --db " + dir + " export > FILE, then newsindex --db NEW_DIR add FILE");
}

}  // namespace

std::string stub_path(const std::string& dir) { return (fs::path(dir) / "xapian.stub").string(); }

std::string version_file(const std::string& generation) { return (fs::path(generation) / "iamglass").string(); }

std::optional<std::string> current_generation(const std::string& dir) {
  std::ifstream in(stub_path(dir));
  if (!in) return std::nullopt;
  std::string backend, name, extra;
  if (!(in >> backend >> name) || backend != "glass" || !is_generation_name(name) || (in >> extra))
    throw DatabaseError(stub_path(dir) + ": damaged stub file (expected \"glass " + kGenerationPrefix + "NNNNNN\"); " +
                        recover_hint(dir));
  return (fs::path(dir) / name).string();
}

// The newest generation that holds articles or cannot be opened (so may
// hold some): one never to start over from. Empty ones are left by a writer
// killed while creating the index, before publishing it.
std::optional<std::string> newest_worth_keeping(const std::string& dir) {
  const auto found = generations(dir);
  for (auto it = found.rbegin(); it != found.rend(); ++it) {
    try {
      if (Xapian::Database(*it).get_doccount() == 0) continue;
    } catch (const Xapian::Error&) {
    }
    return *it;
  }
  return std::nullopt;
}

std::string current_generation_or_throw(const std::string& dir) {
  if (auto generation = current_generation(dir)) return *generation;
  if (const auto kept = newest_worth_keeping(dir))
    throw DatabaseError(stub_path(dir) + " is missing, but " + *kept + " holds an index; " + recover_hint(dir));
  throw DatabaseError("no index in " + dir + " (create one with: newsindex --db " + dir + " add FILE)");
}

std::vector<std::string> generations(const std::string& dir) {
  std::vector<std::string> found;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (is_generation_name(entry.path().filename().string()) && entry.is_directory(ec))
      found.push_back(entry.path().string());
  std::sort(found.begin(), found.end());  // fixed-width numbers
  return found;
}

std::string next_generation(const std::string& dir) {
  long highest = 0;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (is_generation_name(name)) highest = std::max(highest, std::strtol(name.c_str() + 7, nullptr, 10));
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
    throw DatabaseError(stub_path(dir) + ": cannot replace the stub file: " + std::strerror(errno));
  fsync_path(dir, O_RDONLY | O_DIRECTORY);
}

std::string recover(const std::string& dir) {
  auto found = generations(dir);
  for (auto it = found.rbegin(); it != found.rend(); ++it) {
    try {
      const Xapian::Database db(*it);
      check_schema(dir, db);
      db.get_doccount();
    } catch (const Xapian::Error&) {
      continue;
    } catch (const DatabaseError&) {
      continue;
    }
    try {
      Xapian::WritableDatabase held(*it, Xapian::DB_OPEN);  // no writer may be at work meanwhile
      publish(dir, *it);
    } catch (const Xapian::DatabaseLockError&) {
      throw DatabaseError(dir + ": the index is being written by another process" + writer_named(dir) +
                          "; try again when it has finished");
    }
    return *it;
  }
  throw DatabaseError(dir + ": no generation there opens as an index of schema " + schema::kSchemaVersion +
                      "; rebuild it: newsindex --db NEW_DIR add FILE...");
}

void remove_unused(const std::string& dir) {
  const auto current = current_generation(dir);
  if (!current) return;  // without a stub nothing is provably unused
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    const bool unused = is_generation_name(name) || name.rfind(".build-", 0) == 0;
    if (unused && entry.path().string() != *current) fs::remove_all(entry.path(), ec);
  }
}

Xapian::Database open_generation(const std::string& dir, const std::string& generation) {
  // Opening reads the newest commit; a writer's commits may discard it
  // while the schema is checked: open again, on the newer one.
  constexpr int kAttempts = 10;
  for (int attempt = 1;; ++attempt) {
    try {
      Xapian::Database db(generation);
      check_schema(dir, db);
      return db;
    } catch (const Xapian::DatabaseModifiedError&) {
      if (attempt == kAttempts) throw;
    }
  }
}

namespace {
constexpr const char* kWriterNote = ".writer";
}  // namespace

void note_writer(const std::string& db_dir, const std::string& who) {
  const fs::path note = fs::path(db_dir) / kWriterNote;
  const fs::path scratch = fs::path(db_dir) / (std::string(kWriterNote) + "." + std::to_string(::getpid()));
  {
    std::ofstream out(scratch);
    out << ::getpid() << '\t' << who << '\n';
    if (!out) return;
  }
  std::error_code ec;
  fs::rename(scratch, note, ec);
  if (ec) fs::remove(scratch, ec);
}

void clear_writer_note(const std::string& db_dir) {
  std::error_code ec;
  fs::remove(fs::path(db_dir) / kWriterNote, ec);
}

std::string writer_named(const std::string& dir) {
  for (const fs::path& at : {fs::path(dir), fs::path(dir).parent_path()}) {
    std::ifstream in(at / kWriterNote);
    long pid = 0;
    std::string who;
    if (!(in >> pid) || pid <= 0 || !std::getline(in >> std::ws, who) || who.empty()) continue;
    if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno == ESRCH) continue;  // killed without clearing it
    return " (" + who + ", pid " + std::to_string(pid) + ")";
  }
  return "";
}

std::string cannot_open(const std::string& dir, const std::string& problem) {
  try {
    const auto generation = current_generation(dir);
    if (generation && !fs::exists(*generation))
      return stub_path(dir) + " names " + fs::path(*generation).filename().string() + ", which is missing; " +
             recover_hint(dir);
  } catch (const DatabaseError& e) {
    return e.what();
  }
  return dir + ": cannot open the index (" + problem +
         "); it may be damaged: rebuild it with newsindex add, "
         "or restore a copy";
}

Xapian::Database open_reader(const std::string& dir, CommitId* commit) {
  Xapian::Database all;
  std::vector<std::string> generations;
  std::vector<Xapian::rev> revisions;
  for (const Shard& shard : read_layout(dir)) {
    if (shard.remote()) {
      generations.emplace_back();
      std::vector<const Endpoint*> order;
      for (const Endpoint& copy : shard.copies) order.push_back(&copy);
      all.add_database(open_remote_shard(dir, shard, order, generations.back()));
      revisions.push_back(0);
      continue;
    }
    generations.push_back(current_generation_or_throw(shard.dir));
    try {
      const Xapian::Database part = open_generation(shard.dir, generations.back());
      revisions.push_back(part.get_revision());
      all.add_database(part);
    } catch (const Xapian::Error& e) {
      throw DatabaseError(cannot_open(shard.dir, e.get_description()));
    }
  }
  if (commit) *commit = commit_of(generations, revisions);
  return all;
}

CommitId commit_of(const std::vector<std::string>& generations, const std::vector<Xapian::rev>& revisions) {
  if (revisions.size() == 1) return {generations[0], revisions[0]};
  CommitId commit;
  for (std::size_t k = 0; k < revisions.size(); ++k) {
    if (k > 0) commit.generation += '\n';
    commit.generation += generations[k];
    commit.revision += revisions[k];
  }
  return commit;
}

Xapian::Database open_commit(const std::string& generations, Xapian::rev& revision) {
  Xapian::Database all;
  revision = 0;
  for (std::size_t from = 0; from <= generations.size();) {
    const std::size_t end = std::min(generations.find('\n', from), generations.size());
    const Xapian::Database part(generations.substr(from, end - from));
    revision += part.get_revision();
    all.add_database(part);
    from = end + 1;
  }
  return all;
}

Xapian::WritableDatabase open_writer(const std::string& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw DatabaseError(dir + ": cannot create directory: " + ec.message());
  if (::access(dir.c_str(), W_OK) != 0)  // else Xapian reports a lock it could not take as "being written"
    throw DatabaseError(dir + ": cannot write here (" + std::strerror(errno) +
                        "); the index can be read but not changed");
  std::string generation;
  try {
    generation = current_generation_or_throw(dir);
  } catch (const DatabaseError&) {
    if (current_generation(dir) || newest_worth_keeping(dir)) throw;  // a lost stub: never start over
    // Made under a scratch name and renamed whole, so that a writer killed
    // meanwhile leaves no half-made generation that looks worth keeping.
    const std::string scratch = (fs::path(dir) / (".build-" + std::to_string(::getpid()) + "-new")).string();
    fs::remove_all(scratch, ec);
    {
      Xapian::WritableDatabase db(scratch, Xapian::DB_CREATE);
      db.set_metadata(schema::kSchemaVersionKey, schema::kSchemaVersion);
      db.commit();
    }
    generation = next_generation(dir);
    fs::rename(scratch, generation, ec);
    if (ec) throw DatabaseError(dir + ": cannot create the index: " + ec.message());
    publish(dir, generation);
  }
  try {
    Xapian::WritableDatabase db(generation, Xapian::DB_OPEN);
    check_schema(dir, db);
    return db;
  } catch (const Xapian::DatabaseLockError&) {
    throw DatabaseError(dir + ": the index is being written by another process" + writer_named(dir) +
                        "; try again when it has finished");
  } catch (const Xapian::Error& e) {
    throw DatabaseError(cannot_open(dir, "for writing: " + e.get_description()));
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
