#include "searcher/reader_pool.h"

namespace newsidx {

Xapian::doccount Reader::term_freq(const std::string& term) {
  const Xapian::rev revision = db.get_revision();
  if (revision != known_revision_ || known_terms_.size() > kMaxKnownTerms) {
    known_terms_.clear();
    known_revision_ = revision;
  }
  auto [it, fresh] = known_terms_.try_emplace(term, 0);
  if (fresh) it->second = db.get_termfreq(term);
  return it->second;
}

ReaderPool::ReaderPool(std::string dir) : dir_(std::move(dir)) {
  store::open_reader(dir_);  // fail now, naming the directory, if there is no usable index
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
  const std::string generation = current_generation();
  if (!reader) reader = std::make_unique<Reader>(dir_);
  const FileStamp version = stamp_of(store::version_file(generation));  // before opening: a later commit changes it
  if (reader->generation != generation) {
    reader->db = store::open_generation(dir_, generation);
    reader->generation = generation;
  } else if (!version.known() || version != reader->version) {
    reader->db.reopen();
  }
  reader->version = version;
  return reader;
}

void ReaderPool::give_back(std::unique_ptr<Reader> reader) {
  std::lock_guard<std::mutex> lock(idle_mutex_);
  idle_.push_back(std::move(reader));
}

std::string ReaderPool::current_generation() {
  const FileStamp stamp = stamp_of(store::stub_path(dir_));
  {
    std::lock_guard<std::mutex> lock(stub_mutex_);
    if (stamp.known() && stamp == stub_stamp_) return stub_generation_;
  }
  const std::string generation = store::current_generation_or_throw(dir_);
  std::lock_guard<std::mutex> lock(stub_mutex_);
  stub_stamp_ = stamp;
  stub_generation_ = generation;
  return generation;
}

}  // namespace newsidx
