#include "newsidx/searcher.h"

#include <mutex>

#include <xapian.h>

#include "analysis/languages.h"
#include "indexer/article_reader.h"
#include "indexer/schema.h"
#include "indexer/store.h"
#include "newsidx/analyzer.h"
#include "newsidx/errors.h"
#include "query/query_builder.h"

namespace newsidx {
namespace {

// What one search needs for itself: Xapian handles and analyzers are not
// safe to share between threads.
struct Context {
  std::string generation;
  Xapian::Database db;
  Analyzer analyzer;
};

SearchHit hit_from(const Xapian::MSetIterator& m) {
  const Article a = article_from_json(m.get_document().get_value(schema::kSlotArticle));
  SearchHit h;
  h.id = a.id;
  h.title = a.title;
  h.url = a.url;
  h.lang = a.lang;
  h.published = a.published;
  h.category = a.category;
  h.tags = a.tags;
  h.score = m.get_weight();
  return h;
}

}  // namespace

struct Searcher::Impl {
  std::string dir;
  SearcherOptions options;
  std::mutex mutex;
  std::vector<std::unique_ptr<Context>> idle;

  // A context whose database shows the latest commit.
  std::unique_ptr<Context> borrow() {
    std::unique_ptr<Context> ctx;
    {
      std::lock_guard<std::mutex> lock(mutex);
      if (!idle.empty()) {
        ctx = std::move(idle.back());
        idle.pop_back();
      }
    }
    const auto generation = store::current_generation(dir);
    if (!generation) store::open_reader(dir);  // throws, saying how to create one
    if (!ctx) ctx = std::make_unique<Context>();
    if (ctx->generation != *generation) {
      ctx->db = Xapian::Database(*generation);
      ctx->generation = *generation;
    } else {
      ctx->db.reopen();
    }
    return ctx;
  }

  void give_back(std::unique_ptr<Context> ctx) {
    std::lock_guard<std::mutex> lock(mutex);
    idle.push_back(std::move(ctx));
  }

  // Runs f(context) on the latest commit. A writer's commit may overtake the
  // read (DatabaseModifiedError) and a bulk load may replace the generation
  // being opened (DatabaseOpeningError): both are retried on a fresh view.
  template <class F>
  auto with_context(F&& f) {
    constexpr int kAttempts = 5;
    for (int attempt = 1;; ++attempt) {
      try {
        auto ctx = borrow();
        auto result = f(*ctx);
        give_back(std::move(ctx));
        return result;
      } catch (const Xapian::DatabaseModifiedError& e) {
        if (attempt == kAttempts) throw DatabaseError(dir + ": the index changed too fast to read: " + e.get_msg());
      } catch (const Xapian::DatabaseOpeningError& e) {
        if (attempt == kAttempts) throw DatabaseError(dir + ": cannot open the index: " + e.get_description());
      } catch (const Xapian::Error& e) {
        throw DatabaseError(dir + ": search failed: " + e.get_description());
      }
    }
  }
};

Searcher::Searcher(std::string db_dir, SearcherOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->dir = std::move(db_dir);
  impl_->options = options;
  store::open_reader(impl_->dir);  // fail now, naming the directory, if there is no usable index
}

Searcher::~Searcher() = default;

SearchResult Searcher::search(const SearchRequest& req) const {
  if (req.query.size() > kMaxQueryBytes)
    throw InvalidArgument("query is " + std::to_string(req.query.size()) + " bytes, over the limit of " +
                          std::to_string(kMaxQueryBytes));
  if (req.limit > kMaxLimit)
    throw InvalidArgument("limit " + std::to_string(req.limit) + " is over the maximum of " +
                          std::to_string(kMaxLimit));
  if (req.lang) parse_language(*req.lang);  // throws for an unknown code
  return impl_->with_context([&](Context& ctx) {
    SearchResult result;
    const auto words = ctx.analyzer.analyze_query(req.query, req.lang);
    if (words.empty()) return result;
    Xapian::Enquire enquire(ctx.db);
    auto run = [&](bool any) {
      Xapian::Query q = words_query(words, any);
      if (req.lang)
        q = Xapian::Query(Xapian::Query::OP_FILTER, q, Xapian::Query(schema::kLang + base_language(*req.lang)));
      enquire.set_query(q);
      return enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                              static_cast<Xapian::doccount>(req.limit),
                              static_cast<Xapian::doccount>(impl_->options.exact_total_up_to));
    };
    Xapian::MSet mset = run(req.any);
    if (mset.get_matches_upper_bound() == 0 && !req.any && words.size() > 1) {
      mset = run(true);
      result.relaxed = true;
    }
    result.total = mset.get_matches_estimated();
    result.total_exact = mset.get_matches_lower_bound() == mset.get_matches_upper_bound();
    for (auto m = mset.begin(); m != mset.end(); ++m) result.results.push_back(hit_from(m));
    return result;
  });
}

std::optional<Article> Searcher::article(const std::string& id) const {
  return impl_->with_context([&](Context& ctx) -> std::optional<Article> {
    auto p = ctx.db.postlist_begin(schema::kId + id);
    if (p == ctx.db.postlist_end(schema::kId + id)) return std::nullopt;
    return article_from_json(ctx.db.get_document(*p).get_value(schema::kSlotArticle));
  });
}

std::size_t Searcher::article_count() const {
  return impl_->with_context([](Context& ctx) { return static_cast<std::size_t>(ctx.db.get_doccount()); });
}

}  // namespace newsidx
