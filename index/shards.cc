#include "index/shards.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "common/hash.h"
#include "common/utf8.h"
#include "index/store.h"
#include "newsidx/errors.h"

namespace fs = std::filesystem;

namespace newsidx::store {
namespace {

constexpr const char* kLayoutHeader = "newsidx-shards 1";

std::string shard_name(unsigned k) { return "shard-" + std::to_string(k); }

std::string copies_text(const std::vector<Endpoint>& copies) {
  std::string text;
  for (const auto& e : copies) text += (text.empty() ? "" : ",") + e.text();
  return text;
}

// A shard line: "shard-K" (its directory, relative to DIR) or "remote" and its copies.
Shard parse_shard_line(const std::string& dir, const std::string& where, const std::string& line, unsigned k) {
  Shard shard;
  if (line.rfind("remote ", 0) == 0) {
    std::string bad;
    shard.copies = parse_copies(std::string_view(line).substr(7), bad);
    if (shard.copies.empty())
      throw DatabaseError(where + ": \"" + printable(bad) + "\" is not HOST:PORT; the shard layout is damaged");
    shard.name = "shard " + std::to_string(k) + " (" + copies_text(shard.copies) + ")";
    return shard;
  }
  if (line != shard_name(k))
    throw DatabaseError(where + ": expected \"" + shard_name(k) + "\" or \"remote HOST:PORT\", found \"" +
                        printable(line) + "\"; the shard layout is damaged");
  shard.dir = shard.name = (fs::path(dir) / line).string();
  return shard;
}

void write_layout(const std::string& dir, const std::vector<std::string>& lines) {
  const std::string path = layout_path(dir), tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << kLayoutHeader << "\n";
    for (const auto& line : lines) out << line << "\n";
    out.flush();
    if (!out) throw DatabaseError(tmp + ": cannot write the shard layout");
  }
  if (std::rename(tmp.c_str(), path.c_str()) != 0)
    throw DatabaseError(path + ": cannot write the shard layout: " + std::strerror(errno));
}

// Throws DatabaseError when DIR holds an index already; creates DIR.
void prepare_new_index(const std::string& dir) {
  if (fs::exists(layout_path(dir)) || current_generation(dir) || !generations(dir).empty())
    throw DatabaseError(dir + ": already holds an index");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw DatabaseError(dir + ": cannot create directory: " + ec.message());
}

}  // namespace

std::vector<Endpoint> parse_copies(std::string_view list, std::string& bad) {
  std::vector<Endpoint> copies;
  for (std::size_t from = 0; from <= list.size();) {
    const std::size_t end = std::min(list.find(',', from), list.size());
    const auto endpoint = parse_endpoint(list.substr(from, end - from));
    if (!endpoint) {
      bad = std::string(list.substr(from, end - from));
      return {};
    }
    copies.push_back(*endpoint);
    from = end + 1;
  }
  return copies;
}

std::string layout_path(const std::string& dir) { return (fs::path(dir) / "shards").string(); }

std::optional<Endpoint> parse_endpoint(std::string_view text) {
  const auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0 || colon + 1 == text.size() || colon + 6 < text.size())
    return std::nullopt;
  int port = 0;
  for (char c : text.substr(colon + 1)) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port < 1 || port > 65535) return std::nullopt;
  return Endpoint{std::string(text.substr(0, colon)), port};
}

std::vector<Shard> read_layout(const std::string& dir) {
  const std::string path = layout_path(dir);
  std::ifstream in(path);
  if (!in) return {Shard{dir, {}, dir}};
  std::string line;
  if (!std::getline(in, line) || line != kLayoutHeader)
    throw DatabaseError(path + ":1: expected \"" + kLayoutHeader + "\"; the shard layout is damaged");
  std::vector<Shard> shards;
  for (std::size_t number = 2; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(number);
    if (shards.size() == kMaxShards)
      throw DatabaseError(where + ": more than " + std::to_string(kMaxShards) + " shards");
    shards.push_back(parse_shard_line(dir, where, line, static_cast<unsigned>(shards.size())));
  }
  if (shards.empty()) throw DatabaseError(path + ": names no shard; the shard layout is damaged");
  return shards;
}

std::vector<std::string> part_dirs(const std::string& dir) {
  std::vector<std::string> parts;
  for (const Shard& shard : read_layout(dir)) {
    if (shard.remote())
      throw DatabaseError(dir + ": " + shard.name + " is on a shard server; this needs the shard's own directory");
    parts.push_back(shard.dir);
  }
  return parts;
}

double remote_timeout_seconds() {
  const char* text = std::getenv("NEWSIDX_REMOTE_TIMEOUT");
  const double seconds = text ? std::atof(text) : 0;
  return seconds > 0 ? seconds : 1.0;
}

unsigned remote_timeout_ms() { return static_cast<unsigned>(remote_timeout_seconds() * 1000); }

Xapian::Database open_remote_copy(const Endpoint& copy) {
  const auto ms = remote_timeout_ms();
  return Xapian::Remote::open(copy.host, static_cast<unsigned>(copy.port), ms, ms);
}

Xapian::Database open_remote_shard(const std::string& dir, const Shard& shard,
                                   const std::vector<const Endpoint*>& order, std::string& used,
                                   const std::function<void(const Endpoint&, bool answered)>& tried) {
  std::string problem;
  for (const Endpoint* copy : order) {
    try {
      Xapian::Database db = open_remote_copy(*copy);
      used = "remote " + copy->text();
      if (tried) tried(*copy, true);
      return db;
    } catch (const Xapian::Error& e) {
      problem = copy->text() + ": " + e.get_description();
      if (tried) tried(*copy, false);
    }
  }
  throw DatabaseError(dir + ": " + shard.name + " has no copy that answers (" + problem + ")");
}

Xapian::WritableDatabase open_shard_writer(const Shard& shard) {
  if (!shard.remote()) return open_writer(shard.dir);
  const auto ms = remote_timeout_ms();
  const Endpoint& primary = shard.copies.front();
  try {
    return Xapian::Remote::open_writable(primary.host, static_cast<unsigned>(primary.port), ms, ms);
  } catch (const Xapian::Error& e) {
    throw DatabaseError(shard.name + ": the primary " + primary.text() + " cannot be written: " + e.get_description());
  }
}

void create_index(const std::string& dir, unsigned shards) {
  if (shards == 0 || shards > kMaxShards)
    throw InvalidArgument("the number of shards must be 1 to " + std::to_string(kMaxShards));
  prepare_new_index(dir);
  if (shards == 1) {
    open_writer(dir);
    return;
  }
  std::vector<std::string> lines;
  for (unsigned k = 0; k < shards; ++k) {
    open_writer((fs::path(dir) / shard_name(k)).string());
    lines.push_back(shard_name(k));
  }
  write_layout(dir, lines);  // last: until it exists, DIR is no index
}

void create_remote_index(const std::string& dir, const std::vector<std::vector<Endpoint>>& shards) {
  if (shards.empty() || shards.size() > kMaxShards)
    throw InvalidArgument("an index has 1 to " + std::to_string(kMaxShards) + " shards");
  std::vector<std::string> lines;
  for (const auto& copies : shards) {
    if (copies.empty()) throw InvalidArgument("shard " + std::to_string(lines.size()) + " has no server");
    lines.push_back("remote " + copies_text(copies));
  }
  prepare_new_index(dir);
  write_layout(dir, lines);
}

bool on_shard_servers(const std::string& dir) {
  const auto shards = read_layout(dir);
  return std::any_of(shards.begin(), shards.end(), [](const Shard& s) { return s.remote(); });
}

void for_each_value(const Xapian::Database& db, bool remote, unsigned slot,
                    const std::function<void(const std::string&)>& f) {
  if (!remote) {
    for (auto v = db.valuestream_begin(slot); v != db.valuestream_end(slot); ++v) f(*v);
    return;
  }
  constexpr Xapian::doccount kPage = 10000;
  Xapian::Enquire enquire(db);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(slot, false);
  Xapian::Query query = Xapian::Query::MatchAll;
  for (;;) {
    enquire.set_query(query);
    const Xapian::MSet page = enquire.get_mset(0, kPage);
    std::string last;
    for (auto m = page.begin(); m != page.end(); ++m) {
      last = m.get_sort_key();
      f(last);
    }
    if (page.size() < kPage) return;
    // Past the last value: the least string greater than it.
    query = Xapian::Query(Xapian::Query::OP_VALUE_GE, slot, last + '\0');
  }
}

std::map<std::string, Xapian::doccount> count_values(const Xapian::Database& db, unsigned slot) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query::MatchAll);
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  Xapian::ValueCountMatchSpy spy(slot);
  enquire.add_matchspy(&spy);
  const Xapian::doccount all = db.get_doccount();
  enquire.get_mset(0, 0, all);
  std::map<std::string, Xapian::doccount> counts;
  for (auto v = spy.values_begin(); v != spy.values_end(); ++v) counts[*v] = v.get_termfreq();
  return counts;
}

std::unordered_map<std::string, Xapian::doccount> term_freqs(const Xapian::Database& db,
                                                             const std::vector<std::string>& terms) {
  std::unordered_map<std::string, Xapian::doccount> freqs;
  if (terms.empty()) return freqs;
  std::vector<Xapian::Query> leaves(terms.begin(), terms.end());
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_OR, leaves.begin(), leaves.end()));
  const Xapian::MSet stats = enquire.get_mset(0, 0);
  for (const auto& t : terms) freqs[t] = stats.get_termfreq(t);
  return freqs;
}

unsigned shard_of(std::string_view id, unsigned count) { return static_cast<unsigned>(mix64(hash64(id)) % count); }

ShardPlace shard_place(std::string_view all_uuids, const Xapian::Database& shard) {
  const std::string uuid = shard.get_uuid();
  return shard_place(all_uuids, std::string_view(uuid)).value_or(ShardPlace{});
}

std::optional<ShardPlace> shard_place(std::string_view all_uuids, std::string_view uuid) {
  const auto at = uuid.empty() ? std::string_view::npos : all_uuids.find(uuid);
  if (at == std::string_view::npos) return std::nullopt;
  ShardPlace place;
  place.count = static_cast<Xapian::doccount>(std::count(all_uuids.begin(), all_uuids.end(), ':') + 1);
  place.index = static_cast<Xapian::doccount>(std::count(all_uuids.begin(), all_uuids.begin() + at, ':'));
  return place;
}

}  // namespace newsidx::store
