#include <mutex>

#include "index/document_builder.h"
#include "index/schema.h"
#include "index/shards.h"
#include "index/store.h"
#include "index/stored_article.h"
#include "indexer/article_reader.h"
#include "indexer/article_store.h"
#include "indexer/ninjs.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"

namespace newsidx {

struct ArticleWriter::Impl {
  Impl(std::string d, std::string who) : dir(std::move(d)), holder(std::move(who)) {
    if (dir.empty()) throw InvalidArgument("the database directory is empty");
    try {
      for (const auto& shard : store::read_layout(dir)) shards.push_back(store::open_shard_writer(shard));
    } catch (const Xapian::Error& e) {
      throw DatabaseError(dir + ": opening the index for writing failed: " + e.get_description());
    }
    if (!holder.empty()) store::note_writer(dir, holder);  // once every lock is ours
  }
  ~Impl() {
    if (!holder.empty()) store::clear_writer_note(dir);
  }

  // The article, validated as a line of the article format is (the same messages).
  static Article validated(std::string_view line) {
    ParsedLine parsed = parse_article_line(line);
    if (auto* problem = std::get_if<std::string>(&parsed)) throw InvalidArgument(*problem);
    return std::get<Article>(std::move(parsed));
  }

  Xapian::WritableDatabase& shard_of(const std::string& id) {
    return shards[store::shard_of(id, static_cast<unsigned>(shards.size()))];
  }

  WriteResult write(const Article& article, std::string_view json) {
    std::lock_guard<std::mutex> lock(mutex);
    try {
      const StoreOutcome outcome = store_article(shard_of(article.id), builder, article, json);
      if (outcome.older) throw OlderVersion(*outcome.older);
      ++pending;
      return outcome.replaced ? WriteResult::replaced : WriteResult::added;
    } catch (const Xapian::Error& e) {
      throw DatabaseError(dir + ": writing article \"" + article.id + "\" failed: " + e.get_description());
    }
  }

  std::string dir;
  std::string holder;
  std::mutex mutex;  // guards all below: one Xapian writer per shard, one builder
  std::vector<Xapian::WritableDatabase> shards;
  DocumentBuilder builder;
  std::size_t pending = 0;
};

ArticleWriter::ArticleWriter(std::string db_dir, std::string holder)
    : impl_(std::make_unique<Impl>(std::move(db_dir), std::move(holder))) {}

ArticleWriter::~ArticleWriter() {
  try {
    commit();
  } catch (const Error&) {
    // Nothing to report to from a destructor; what was committed before stays.
  }
}

WriteResult ArticleWriter::add(const Article& article) {
  // Through the JSON form, so that an article in memory is checked exactly as a line is.
  const std::string json = article_to_json(article);
  return impl_->write(Impl::validated(json), json);
}

std::optional<std::string> ArticleWriter::problem_in(std::string_view line) {
  ParsedLine parsed = parse_article_line(line);
  if (auto* problem = std::get_if<std::string>(&parsed)) return std::move(*problem);
  return std::nullopt;
}

WriteResult ArticleWriter::add_json(std::string_view line) { return impl_->write(Impl::validated(line), line); }

WriteResult ArticleWriter::add_ninjs(std::string_view item) {
  NinjsArticle mapped = parse_ninjs_item(item);
  if (auto* problem = std::get_if<std::string>(&mapped.parsed)) throw InvalidArgument(*problem);
  return impl_->write(std::get<Article>(mapped.parsed), mapped.line);
}

bool ArticleWriter::remove(const std::string& id) {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  try {
    Xapian::WritableDatabase& db = impl_->shard_of(id);
    const std::string id_term = schema::kId + id;
    if (!db.term_exists(id_term)) return false;
    db.delete_document(id_term);
    ++impl_->pending;
    return true;
  } catch (const Xapian::Error& e) {
    throw DatabaseError(impl_->dir + ": deleting article \"" + id + "\" failed: " + e.get_description());
  }
}

std::size_t ArticleWriter::commit() {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  try {
    for (auto& db : impl_->shards) db.commit();
  } catch (const Xapian::Error& e) {
    throw DatabaseError(impl_->dir + ": committing failed: " + e.get_description());
  }
  return std::exchange(impl_->pending, 0);
}

std::size_t ArticleWriter::pending() const {
  std::lock_guard<std::mutex> lock(impl_->mutex);
  return impl_->pending;
}

}  // namespace newsidx
