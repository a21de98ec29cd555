#include "searcher/reader_pool.h"

#include <algorithm>

namespace newsidx {

void Reader::forget_terms_if_stale() {
  const store::CommitId now = commit();
  if (now != known_commit_ || known_terms_.size() > kMaxKnownTerms) {
    known_terms_.clear();
    known_commit_ = now;
  }
}

Xapian::doccount Reader::term_freq(const std::string& term) {
  forget_terms_if_stale();
  auto [it, fresh] = known_terms_.try_emplace(term, 0);
  if (fresh) it->second = db.get_termfreq(term);
  return it->second;
}

void Reader::prefetch_term_freqs(const std::vector<std::string>& terms) {
  forget_terms_if_stale();
  std::vector<std::string> unknown;
  for (const auto& t : terms)
    if (known_terms_.find(t) == known_terms_.end()) unknown.push_back(t);
  for (auto& [term, freq] : store::term_freqs(db, unknown)) known_terms_[term] = freq;
}

bool Reader::remote() const {
  for (const auto& g : generations)
    if (g.rfind("remote ", 0) == 0) return true;
  return false;
}

ReaderPool::ReaderPool(std::string dir, double remote_refresh_seconds)
    : dir_(std::move(dir)),
      remote_refresh_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
          std::chrono::duration<double>(std::max(0.0, remote_refresh_seconds)))) {
  shards_ = store::read_layout(dir_);
  remote_ = std::any_of(shards_.begin(), shards_.end(), [](const auto& s) { return s.remote(); });
  // Fail now, naming the directory, if there is no usable index; shard
  // servers are not asked: one that is down is left to each call (partial).
  if (!remote_) store::open_reader(dir_);
  stub_stamps_.resize(shards_.size());
  stub_generations_.resize(shards_.size());
}

bool ReaderPool::refresh_local(Reader& reader, std::size_t k) {
  const std::string& dir = shards_[k].dir;
  const std::string generation = current_generation(k);
  const FileStamp version = stamp_of(store::version_file(generation));  // before opening: a later commit changes it
  bool opened = false;
  if (reader.generations[k] != generation) {
    reader.generations[k].clear();  // until it is open
    reader.parts[k] = store::open_generation(dir, generation);
    reader.generations[k] = generation;
    opened = true;
  } else if (!version.known() || version != reader.versions[k]) {
    reader.parts[k].reopen();
  }
  reader.versions[k] = version;
  reader.revisions[k] = reader.parts[k].get_revision();
  return opened;
}

Xapian::Database ReaderPool::open_copy(std::size_t k, std::string& used) {
  const store::Shard& shard = shards_[k];
  const auto now = std::chrono::steady_clock::now();
  const std::size_t first = next_copy_++;
  std::vector<const store::Endpoint*> up, down;  // in turn from `first`, failed ones last
  {
    std::lock_guard<std::mutex> lock(down_mutex_);
    for (std::size_t i = 0; i < shard.copies.size(); ++i) {
      const store::Endpoint& copy = shard.copies[(first + i) % shard.copies.size()];
      const auto it = down_until_.find(copy.text());
      (it != down_until_.end() && it->second > now ? down : up).push_back(&copy);
    }
  }
  up.insert(up.end(), down.begin(), down.end());
  return store::open_remote_shard(dir_, shard, up, used, [this](const store::Endpoint& copy, bool answered) {
    std::lock_guard<std::mutex> lock(down_mutex_);
    if (answered) down_until_.erase(copy.text());
    else
      down_until_[copy.text()] =
          std::chrono::steady_clock::now() + std::chrono::milliseconds(static_cast<int>(kDownSeconds * 1000));
  });
}

bool ReaderPool::recently_asked(const Reader& reader, std::size_t k, std::chrono::steady_clock::time_point now) const {
  return !reader.generations[k].empty() && now - reader.asked[k] < remote_refresh_;
}

bool ReaderPool::refresh_remote(Reader& reader, std::size_t k, bool partial) {
  const auto asking = std::chrono::steady_clock::now();  // what it sees is at least as new as this
  if (!reader.generations[k].empty()) {
    try {
      if (reader.parts[k].reopen()) ++reader.revisions[k];
      reader.asked[k] = asking;
      return false;
    } catch (const Xapian::NetworkError&) {
      // Its server died or stopped answering: another copy, below.
    }
  }
  reader.generations[k].clear();  // stays empty when no copy answers: the shard is missing
  try {
    reader.parts[k] = open_copy(k, reader.generations[k]);
  } catch (const DatabaseError&) {
    if (!partial) throw;
    reader.parts[k] = Xapian::Database();  // left out: no shard at all
    return true;
  }
  reader.revisions[k] = 0;
  reader.asked[k] = asking;
  return true;
}

std::unique_ptr<Reader> ReaderPool::borrow(bool partial) {
  std::unique_ptr<Reader> reader;
  {
    std::lock_guard<std::mutex> lock(idle_mutex_);
    if (!idle_.empty()) {
      reader = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  const std::size_t n = shards_.size();
  if (!reader) {
    reader = std::make_unique<Reader>(dir_);
    reader->generations.resize(n);
    reader->versions.resize(n);
    reader->parts.resize(n);
    reader->revisions.resize(n);
    reader->asked.resize(n);
  }
  bool reassemble = !reader->missing.empty();  // a partial read before: try the missing shards again
  reader->missing.clear();
  std::vector<char> reopened(n, 0);
  // Local shards are checked every time (a stat()); remote ones unless
  // asked recently and no read has failed since.
  const std::uint64_t failures = failed_reads_.load();
  const bool trust_recent = reader->failures_seen == failures;
  const auto now = std::chrono::steady_clock::now();
  std::vector<std::size_t> due;
  for (std::size_t k = 0; k < n; ++k)
    if (!shards_[k].remote() || !trust_recent || !recently_asked(*reader, k, now)) due.push_back(k);
  const auto refresh = [&](std::size_t i) {
    const std::size_t k = due[i];
    reopened[k] = shards_[k].remote() ? refresh_remote(*reader, k, partial) : refresh_local(*reader, k);
  };
  // Shard servers answer their reopen (a round trip each) at the same time.
  if (remote_) reader->gang.run(due.size(), refresh);
  else
    for (std::size_t i = 0; i < due.size(); ++i) refresh(i);
  reader->failures_seen = failures;
  for (std::size_t k = 0; k < n; ++k) {
    reassemble |= reopened[k] != 0;
    if (shards_[k].remote() && reader->generations[k].empty()) reader->missing.push_back(k);
  }
  if (reassemble) {
    Xapian::Database all;
    for (const auto& part : reader->parts) all.add_database(part);
    reader->db = all;
  }
  return reader;
}

void ReaderPool::give_back(std::unique_ptr<Reader> reader) {
  std::lock_guard<std::mutex> lock(idle_mutex_);
  idle_.push_back(std::move(reader));
}

std::string ReaderPool::current_generation(std::size_t k) {
  const FileStamp stamp = stamp_of(store::stub_path(shards_[k].dir));
  {
    std::lock_guard<std::mutex> lock(stub_mutex_);
    if (stamp.known() && stamp == stub_stamps_[k]) return stub_generations_[k];
  }
  const std::string generation = store::current_generation_or_throw(shards_[k].dir);
  std::lock_guard<std::mutex> lock(stub_mutex_);
  stub_stamps_[k] = stamp;
  stub_generations_[k] = generation;
  return generation;
}

}  // namespace newsidx
