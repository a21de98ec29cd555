#include "query/word_bitmaps.h"

#include <algorithm>

#include "index/schema.h"
#include "query/shard_resources.h"
#include "query/wire.h"

namespace newsidx {

std::shared_ptr<const DocBitmap> TermBitmaps::get(const Xapian::Database& db, const store::CommitId& commit,
                                                  const std::string& term, Xapian::doccount keep_from) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (commit != commit_) {  // a commit: every bitmap may be out of date
      bitmaps_.clear();
      bytes_ = 0;
      commit_ = commit;
    }
    if (auto it = bitmaps_.find(term); it != bitmaps_.end()) {
      it->second.used = ++asks_;
      return it->second.bitmap;
    }
  }
  std::shared_ptr<const DocBitmap> bitmap = term_bitmap(db, term);
  if (bitmap->count < keep_from) return bitmap;
  std::lock_guard<std::mutex> lock(mutex_);
  if (commit != commit_) return bitmap;  // another commit meanwhile: not worth keeping
  const std::size_t size = bitmap->words.size() * sizeof(std::uint64_t);
  if (size > max_bytes_) return bitmap;
  auto [it, fresh] = bitmaps_.try_emplace(term);
  if (!fresh) return it->second.bitmap;  // another thread kept it meanwhile
  make_room(size);
  it->second = Kept{bitmap, ++asks_};
  bytes_ += size;
  return bitmap;
}

void TermBitmaps::make_room(std::size_t more) {
  if (bytes_ + more <= max_bytes_) return;
  // The least recently used first (a sort per bitmap built when full: far
  // less than reading the posting list it is built from).
  std::vector<std::pair<std::uint64_t, std::string>> by_use;
  for (const auto& [term, kept] : bitmaps_)
    if (kept.bitmap) by_use.emplace_back(kept.used, term);  // not the entry being made
  std::sort(by_use.begin(), by_use.end());
  for (const auto& [used, term] : by_use) {
    if (bytes_ + more <= max_bytes_) break;
    auto it = bitmaps_.find(term);
    bytes_ -= it->second.bitmap->words.size() * sizeof(std::uint64_t);
    bitmaps_.erase(it);
  }
}

std::shared_ptr<DocBitmap> term_bitmap(const Xapian::Database& db, const std::string& term) {
  auto bitmap = std::make_shared<DocBitmap>(db.get_lastdocid());
  for (auto it = db.postlist_begin(term); it != db.postlist_end(term); ++it) {
    bitmap->words[*it >> 6] |= std::uint64_t{1} << (*it & 63);
    ++bitmap->count;
  }
  bitmap->most = bitmap->count;
  return bitmap;
}

std::size_t TermBitmaps::bytes() {
  std::lock_guard<std::mutex> lock(mutex_);
  return bytes_;
}

void BitmapSource::init(const Xapian::Database& shard) {
  place_ = store::shard_place(all_uuids_, shard);
  shard_size_ = shard.get_doccount();
  did_ = 0;
  started_ = false;
  unsure_ = false;
  set_maxweight(0);
}

Xapian::docid BitmapSource::next_from(Xapian::docid from) const {
  if (place_.count == 1) return bitmap_->next_from(from);
  for (Xapian::docid global = place_.global(from);;) {
    global = bitmap_->next_from(global);
    if (global == 0) return 0;
    if (place_.holds(global)) return place_.local(global);
    global = place_.global(place_.first_from(global));
  }
}

void BitmapSource::next(double) {
  started_ = true;
  did_ = next_from(did_ + 1);
  unsure_ = false;
}

void BitmapSource::skip_to(Xapian::docid did, double) {
  if (started_ && !unsure_ && did <= did_) return;
  const Xapian::docid from = unsure_ ? std::max(did, did_ + 1) : did;
  started_ = true;
  did_ = next_from(from);
  unsure_ = false;
}

bool BitmapSource::check(Xapian::docid did, double) {
  if (started_ && (did_ == 0 || (!unsure_ && did <= did_))) return true;
  started_ = true;
  did_ = did;
  unsure_ = !bitmap_->has(place_.global(did));
  return !unsure_;
}

void FrequentWordsSource::init(const Xapian::Database& db) {
  ShardResources* resources = shard_resources();
  bitmap_ = words_bitmap(words_, [&](const std::string& term) -> std::shared_ptr<const DocBitmap> {
    return resources ? resources->bitmap(db, term) : term_bitmap(db, term);
  });
  all_uuids_ = db.get_uuid();  // the bitmap is of this shard's own docids
  BitmapSource::init(db);
}

std::string FrequentWordsSource::serialise() const {
  std::string out;
  wire::put_number(out, static_cast<double>(words_.size()));
  for (const QueryWord& w : words_)
    for (const auto* list : {&w.terms, &w.loose, &w.bigrams}) wire::put_list(out, *list);
  return out;
}

FrequentWordsSource* FrequentWordsSource::unserialise(const std::string& serialised) const {
  wire::Reader in(serialised);
  std::vector<QueryWord> words(in.count(SIZE_MAX));
  for (QueryWord& w : words)
    for (auto* list : {&w.terms, &w.loose, &w.bigrams}) *list = in.list();
  in.expect_done();
  return new FrequentWordsSource(std::move(words));
}

namespace {

// A word's articles: those with any exact reading, all its bigrams, or any
// loose reading.
std::shared_ptr<const DocBitmap> bitmap_of_word(const QueryWord& word, const BitmapOf& bitmap_of) {
  std::vector<std::shared_ptr<const DocBitmap>> any;
  for (const auto& t : word.terms) any.push_back(bitmap_of(t));
  for (const auto& t : word.loose) any.push_back(bitmap_of(schema::kSkeleton + t));
  if (!word.bigrams.empty()) {
    auto all = std::make_shared<DocBitmap>(*bitmap_of(word.bigrams[0]));
    for (std::size_t i = 1; i < word.bigrams.size(); ++i) all->keep_common(*bitmap_of(word.bigrams[i]));
    any.push_back(all);
  }
  if (any.size() == 1) return any[0];
  auto merged = std::make_shared<DocBitmap>(0);
  for (const auto& b : any) merged->add_all(*b);
  return merged;
}

}  // namespace

std::shared_ptr<const DocBitmap> words_bitmap(const std::vector<QueryWord>& words, const BitmapOf& bitmap_of) {
  if (words.empty()) return nullptr;
  std::shared_ptr<const DocBitmap> bitmap = bitmap_of_word(words[0], bitmap_of);
  if (words.size() > 1) {
    auto common = std::make_shared<DocBitmap>(*bitmap);
    for (std::size_t i = 1; i < words.size(); ++i) common->keep_common(*bitmap_of_word(words[i], bitmap_of));
    bitmap = common;
  }
  return bitmap;
}

}  // namespace newsidx
