#include "newsidx/searcher.h"

#include <algorithm>
#include <ctime>
#include <string>
#include <unordered_map>

#include "analysis/languages.h"
#include "common/hash.h"
#include "index/article_codec.h"
#include "index/schema.h"
#include "index/shards.h"
#include "index/store.h"
#include "index/stored_article.h"
#include "newsidx/errors.h"
#include "query/match_values.h"
#include "query/query_parser.h"
#include "query/search.h"
#include "query/word_bitmaps.h"
#include "recommend/mostread/popular.h"
#include "recommend/related/related.h"
#include "searcher/column_cache.h"
#include "searcher/reader_pool.h"
#include "searcher/suggestions.h"
#include "suggest/typed.h"

namespace newsidx {

struct Searcher::Impl {
  Impl(std::string dir, SearcherOptions o)
      : options(o),
        pool(std::move(dir), o.remote_refresh_seconds),
        columns(o.summaries_in_memory),
        bitmaps(o.frequent_word_memory) {}

  // Which words of an all-words query are checked from bitmaps, and how.
  FrequentWords frequent_words(Reader& reader) {
    FrequentWords frequent;
    if (!(options.frequent_word_share > 0)) return frequent;
    const double share = options.frequent_word_share * reader.db.get_doccount();
    frequent.all_uuids = reader.db.get_uuid();
    frequent.from = static_cast<Xapian::doccount>(
        std::max<double>({share, static_cast<double>(options.frequent_word_min_articles), 1.0}));
    frequent.bitmap = [this, &reader, commit = reader.commit(),
                       keep_from = frequent.from](const std::vector<QueryWord>& words) {
      return words_bitmap(words, [&](const std::string& t) { return bitmaps.get(reader.db, commit, t, keep_from); });
    };
    return frequent;
  }

  SearchContext search_context(Reader& reader) {
    const store::CommitId commit = reader.commit();
    if (reader.remote()) return remote_context(reader);
    SearchContext ctx{reader.db,
                      reader.analyzer,
                      [&reader](const std::string& t) { return reader.term_freq(t); },
                      frequent_words(reader),
                      [&reader](const std::string& prefix, std::size_t max) {
                        return most_frequent_with_prefix(reader.db, prefix, max);
                      },
                      columns.latest(reader.db, commit),
                      columns.of_commit(commit),
                      [this, &reader, commit] { return columns.read_now(reader.db, commit); }};
    ctx.bm25_k1 = options.bm25_k1;
    ctx.bm25_b = options.bm25_b;
    ctx.proximity = Proximity{options.proximity_weight, options.proximity_window, options.proximity_max_share,
                              reader.db.get_doccount()};
    ctx.feedback = Feedback{options.feedback_documents, options.feedback_terms, options.feedback_weight};
    ctx.mix_editions = options.mix_editions;
    ctx.exact_total_up_to = options.exact_total_up_to;
    return ctx;
  }

  // Over shard servers: no columns or bitmaps here (the shards' data is
  // there); Xapian's own pieces and the registered ones do the work on the shards.
  SearchContext remote_context(Reader& reader) {
    FrequentWords frequent;
    if (options.frequent_word_share > 0)
      frequent.from = static_cast<Xapian::doccount>(
          std::max<double>({options.frequent_word_share * reader.db.get_doccount(),
                            static_cast<double>(options.frequent_word_min_articles), 1.0}));
    SearchContext ctx{reader.db,
                      reader.analyzer,
                      [&reader](const std::string& t) { return reader.term_freq(t); },
                      frequent,
                      [&reader](const std::string& prefix, std::size_t max) {
                        return most_frequent_with_prefix(reader.db, prefix, max);
                      },
                      nullptr,
                      nullptr,
                      nullptr};
    ctx.remote = true;
    ctx.prefetch_term_freqs = [&reader](const std::vector<std::string>& terms) { reader.prefetch_term_freqs(terms); };
    ctx.bm25_k1 = options.bm25_k1;
    ctx.bm25_b = options.bm25_b;
    ctx.proximity = Proximity{options.proximity_weight, options.proximity_window, options.proximity_max_share,
                              reader.db.get_doccount()};
    ctx.feedback = Feedback{options.feedback_documents, options.feedback_terms, options.feedback_weight};
    ctx.mix_editions = options.mix_editions;
    ctx.exact_total_up_to = options.exact_total_up_to;
    return ctx;
  }

  // Locally from the columns; over shard servers counted there, once per commit.
  std::map<std::string, std::size_t> articles_per_language(Reader& reader) {
    const store::CommitId commit = reader.commit();
    if (!reader.remote()) return columns.read_now(reader.db, commit)->articles_per_language();
    std::lock_guard<std::mutex> lock(languages_mutex);
    if (!(languages_commit == commit)) {
      languages.clear();
      for (const auto& [lang, n] : store::count_values(reader.db, schema::kSlotLang)) languages[lang] = n;
      languages_commit = commit;
    }
    return languages;
  }

  SearcherOptions options;
  ReaderPool pool;
  ColumnCache columns;
  TermBitmaps bitmaps;
  SuggestCache suggestions;
  std::mutex languages_mutex;  // guards the two below
  store::CommitId languages_commit;
  std::map<std::string, std::size_t> languages;
};

Searcher::Searcher(std::string db_dir, SearcherOptions options)
    : impl_(std::make_unique<Impl>(std::move(db_dir), options)) {}

Searcher::~Searcher() = default;

namespace {

void check_limit(std::size_t limit) {
  if (limit > kMaxLimit)
    throw InvalidArgument("limit " + std::to_string(limit) + " is over the maximum of " + std::to_string(kMaxLimit));
}

void validate(const SearchRequest& req) {
  if (req.query.size() > kMaxQueryBytes)
    throw InvalidArgument("query is " + std::to_string(req.query.size()) + " bytes, over the limit of " +
                          std::to_string(kMaxQueryBytes));
  check_limit(req.limit);
  if (req.lang) parse_language(*req.lang);  // throws for an unknown code
  if (!(req.time_limit_seconds >= 0)) throw InvalidArgument("the time limit must not be negative");
  if (!(req.fresh_half_life_days > 0))
    throw InvalidArgument("the freshness half-life must be a positive number of days");
}

}  // namespace

SearchResult Searcher::search(const SearchRequest& req) const {
  validate(req);
  const ParsedQuery parsed = parse_query(req.query);
  return impl_->pool.with_reader(
      [&](Reader& reader) {
        SearchContext ctx = impl_->search_context(reader);
        SearchResult result = run_search(req, parsed, ctx);
        result.partial = !reader.missing.empty();
        result.missing_shards = reader.missing;
        return result;
      },
      req.partial);
}

std::optional<Article> Searcher::article(const std::string& id) const {
  return impl_->pool.with_reader([&](Reader& reader) -> std::optional<Article> {
    const auto did = store::find_article(reader.db, id);
    if (!did) return std::nullopt;
    return stored_article(article_json_of(reader.db.get_document(*did)));
  });
}

std::optional<std::vector<RelatedHit>> Searcher::related(const std::string& id, const RelatedOptions& o) const {
  check_limit(o.limit);
  if (o.lang) parse_language(*o.lang);
  if (!(o.half_life_days > 0)) throw InvalidArgument("the recency half-life must be a positive number of days");
  return impl_->pool.with_reader([&](Reader& reader) {
    if (reader.remote()) return find_related(reader.db, id, o, nullptr, /*remote=*/true);
    const store::CommitId commit = reader.commit();
    impl_->columns.latest(reader.db, commit);  // has new columns read if need be, without waiting for them
    return find_related(reader.db, id, o, impl_->columns.of_commit(commit).get());
  });
}

PopularResult Searcher::popular(const PopularRequest& r) const {
  if (r.lang) parse_language(*r.lang);
  if (r.window_seconds < 0) throw InvalidArgument("the window must not be negative");
  if (!(r.half_life_hours > 0)) throw InvalidArgument("the trending half-life must be a positive number of hours");
  return impl_->pool.with_reader([&](Reader& reader) {
    return find_popular(reader.views, reader.db, r, reader.remote() ? summaries_by_id_in_one_match : nullptr);
  });
}

namespace {

// The completions index of the reader's commit and view counts, built
// from the articles visible at `now` and their views of the 7 days before.
std::shared_ptr<const suggest::Index> completions_of(Reader& reader, SuggestCache& cache, const std::string& dir,
                                                     std::int64_t now) {
  const std::string state = dir + "/state.sqlite";
  const SuggestBasis basis{reader.commit(), stamp_of(state), stamp_of(state + "-wal")};
  return cache.get(basis, now, [&](suggest::Maintainer& maintainer, SuggestBasis& built) {
    PopularRequest week;
    week.window_seconds = 7 * 24 * 3600;
    week.at = now;
    week.top = 0;
    // By a hash of the id, so that each article's look-up makes no string.
    std::unordered_map<std::uint64_t, std::uint64_t> views;
    for (const PopularHit& hit : find_popular(reader.views, reader.db, week).results) views[hash64(hit.id)] = hit.views;
    const auto views_of = [&](std::string_view id) {
      if (views.empty()) return std::uint64_t{0};
      const auto it = views.find(hash64(id));
      return it == views.end() ? std::uint64_t{0} : it->second;
    };
    return update_suggestions(maintainer, reader.db, views_of, now, built);
  });
}

}  // namespace

SuggestResult Searcher::suggest(const SuggestRequest& r) const {
  suggest::check_request(r);
  const std::int64_t now = r.now ? *r.now : static_cast<std::int64_t>(std::time(nullptr));
  return impl_->pool.with_reader([&](Reader& reader) {
    if (reader.remote())
      throw DatabaseError(impl_->pool.dir() + ": completions are not offered over shard servers yet");
    const auto index = completions_of(reader, impl_->suggestions, impl_->pool.dir(), now);
    thread_local CompletionKeys keys;
    return suggest::complete_typed(*index, r, now, keys);
  });
}

namespace {

IndexInfo info_of(const Reader& reader) {
  std::int64_t newest_ns = 0;
  for (const std::string& generation : reader.generations)
    newest_ns = std::max(newest_ns, stamp_of(store::version_file(generation)).mtime_ns);
  IndexInfo info{static_cast<std::size_t>(reader.db.get_doccount()), newest_ns / 1000000000, reader.generations, {}};
  info.revisions.assign(reader.revisions.begin(), reader.revisions.end());
  return info;
}

// The later of the state file's and its write-ahead log's modification.
std::int64_t last_views_commit(const std::string& dir) {
  const std::string state = dir + "/state.sqlite";
  return std::max(stamp_of(state).mtime_ns, stamp_of(state + "-wal").mtime_ns) / 1000000000;
}

}  // namespace

IndexInfo Searcher::info() const {
  return impl_->pool.with_reader([](Reader& reader) { return info_of(reader); });
}

SearcherStatus Searcher::status() const {
  SearcherStatus status = impl_->pool.with_reader([this](Reader& reader) {
    SearcherStatus s{info_of(reader), impl_->articles_per_language(reader), 0, 0, 0};
    return s;
  });
  status.last_views_commit = last_views_commit(impl_->pool.dir());
  if (auto columns = impl_->columns.held()) status.column_bytes = columns->memory_bytes();
  status.bitmap_bytes = impl_->bitmaps.bytes();
  status.suggest_bytes = impl_->suggestions.memory_bytes();
  return status;
}

void Searcher::load() const {
  impl_->pool.with_reader([this](Reader& reader) {
    if (!reader.remote()) impl_->columns.read_now(reader.db, reader.commit());
    return 0;
  });
}

}  // namespace newsidx
