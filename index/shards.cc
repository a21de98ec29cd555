#include "index/shards.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/hash.h"
#include "index/store.h"
#include "newsidx/errors.h"

namespace fs = std::filesystem;

namespace newsidx::store {
namespace {

constexpr const char* kLayoutHeader = "newsidx-shards 1";

std::string shard_name(unsigned k) { return "shard-" + std::to_string(k); }

// A shard line: the shard's directory, relative to DIR, named shard-K.
std::string parse_shard_line(const std::string& path, std::size_t number, const std::string& line, unsigned k) {
  if (line != shard_name(k))
    throw DatabaseError(path + ":" + std::to_string(number) + ": expected \"" + shard_name(k) + "\", found \"" + line +
                        "\"; the shard layout is damaged");
  return line;
}

void write_layout(const std::string& dir, unsigned shards) {
  const std::string path = layout_path(dir), tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << kLayoutHeader << "\n";
    for (unsigned k = 0; k < shards; ++k) out << shard_name(k) << "\n";
    out.flush();
    if (!out) throw DatabaseError(tmp + ": cannot write the shard layout");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw DatabaseError(path + ": cannot write the shard layout: " + std::strerror(errno));
}

}  // namespace

std::string layout_path(const std::string& dir) { return (fs::path(dir) / "shards").string(); }

std::vector<std::string> part_dirs(const std::string& dir) {
  const std::string path = layout_path(dir);
  std::ifstream in(path);
  if (!in) return {dir};
  std::string line;
  if (!std::getline(in, line) || line != kLayoutHeader)
    throw DatabaseError(path + ":1: expected \"" + kLayoutHeader + "\"; the shard layout is damaged");
  std::vector<std::string> parts;
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    if (parts.size() == kMaxShards)
      throw DatabaseError(path + ":" + std::to_string(number) + ": more than " + std::to_string(kMaxShards) +
                          " shards");
    const auto k = static_cast<unsigned>(parts.size());
    parts.push_back((fs::path(dir) / parse_shard_line(path, number, line, k)).string());
  }
  if (parts.empty()) throw DatabaseError(path + ": names no shard; the shard layout is damaged");
  return parts;
}

void create_index(const std::string& dir, unsigned shards) {
  if (shards == 0 || shards > kMaxShards)
    throw InvalidArgument("the number of shards must be 1 to " + std::to_string(kMaxShards));
  if (fs::exists(layout_path(dir)) || current_generation(dir) || !generations(dir).empty())
    throw DatabaseError(dir + ": already holds an index");
  if (shards == 1) {
    open_writer(dir);
    return;
  }
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw DatabaseError(dir + ": cannot create directory: " + ec.message());
  for (unsigned k = 0; k < shards; ++k) open_writer((fs::path(dir) / shard_name(k)).string());
  write_layout(dir, shards);  // last: until it exists, DIR is no index
}

unsigned shard_of(std::string_view id, unsigned count) { return static_cast<unsigned>(mix64(hash64(id)) % count); }

ShardPlace shard_place(std::string_view all_uuids, const Xapian::Database& shard) {
  const std::string uuid = shard.get_uuid();
  ShardPlace place;
  place.count = static_cast<Xapian::doccount>(std::count(all_uuids.begin(), all_uuids.end(), ':') + 1);
  const auto at = uuid.empty() ? std::string_view::npos : all_uuids.find(uuid);
  if (at == std::string_view::npos) return ShardPlace{};
  place.index = static_cast<Xapian::doccount>(std::count(all_uuids.begin(), all_uuids.begin() + at, ':'));
  return place;
}

}  // namespace newsidx::store
