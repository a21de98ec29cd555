#include "searcher/reader_pool.h"

namespace newsidx {

Xapian::doccount Reader::term_freq(const std::string& term) {
  const store::CommitId now = commit();
  if (now != known_commit_ || known_terms_.size() > kMaxKnownTerms) {
    known_terms_.clear();
    known_commit_ = now;
  }
  auto [it, fresh] = known_terms_.try_emplace(term, 0);
  if (fresh) it->second = db.get_termfreq(term);
  return it->second;
}

ReaderPool::ReaderPool(std::string dir) : dir_(std::move(dir)) {
  store::open_reader(dir_);  // fail now, naming the directory, if there is no usable index
  parts_ = store::part_dirs(dir_);
  stub_stamps_.resize(parts_.size());
  stub_generations_.resize(parts_.size());
}

std::unique_ptr<Reader> ReaderPool::borrow() {
  std::unique_ptr<Reader> reader;
  {
    std::lock_guard<std::mutex> lock(idle_mutex_);
    if (!idle_.empty()) {
      reader = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  if (!reader) reader = std::make_unique<Reader>(dir_);
  std::vector<std::string> generations(parts_.size());
  std::vector<FileStamp> versions(parts_.size());
  for (std::size_t k = 0; k < parts_.size(); ++k) {
    generations[k] = current_generation(k);
    versions[k] = stamp_of(store::version_file(generations[k]));  // before opening: a later commit changes it
  }
  if (reader->generations != generations) {
    reader->generations.clear();  // until every shard is open
    reader->parts.clear();
    Xapian::Database all;
    for (std::size_t k = 0; k < parts_.size(); ++k) {
      reader->parts.push_back(store::open_generation(parts_[k], generations[k]));
      all.add_database(reader->parts.back());
    }
    reader->db = all;
    reader->generations = std::move(generations);
  } else {
    for (std::size_t k = 0; k < parts_.size(); ++k)
      if (!versions[k].known() || versions[k] != reader->versions[k]) reader->parts[k].reopen();
  }
  reader->versions = std::move(versions);
  return reader;
}

void ReaderPool::give_back(std::unique_ptr<Reader> reader) {
  std::lock_guard<std::mutex> lock(idle_mutex_);
  idle_.push_back(std::move(reader));
}

std::string ReaderPool::current_generation(std::size_t k) {
  const FileStamp stamp = stamp_of(store::stub_path(parts_[k]));
  {
    std::lock_guard<std::mutex> lock(stub_mutex_);
    if (stamp.known() && stamp == stub_stamps_[k]) return stub_generations_[k];
  }
  const std::string generation = store::current_generation_or_throw(parts_[k]);
  std::lock_guard<std::mutex> lock(stub_mutex_);
  stub_stamps_[k] = stamp;
  stub_generations_[k] = generation;
  return generation;
}

}  // namespace newsidx
