#include "newsidx/searcher.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <thread>
#include <mutex>
#include <tuple>
#include <unordered_map>

#include <sys/stat.h>

#include <xapian.h>

#include "analysis/languages.h"
#include "indexer/article_reader.h"
#include "indexer/schema.h"
#include "indexer/store.h"
#include "newsidx/analyzer.h"
#include "newsidx/errors.h"
#include "query/collapse.h"
#include "query/column_bm25.h"
#include "query/doc_columns.h"
#include "query/match_helpers.h"
#include "recommend/popular.h"
#include "recommend/related.h"
#include "query/query_builder.h"
#include "query/query_parser.h"
#include "query/snippet.h"
#include "query/searcher_impl.h"
#include "query/suggest.h"
#include "query/word_filters.h"

namespace newsidx {
namespace {

using search_state::Context;

}  // namespace

Searcher::Searcher(std::string db_dir, SearcherOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->dir = std::move(db_dir);
  impl_->options = options;
  impl_->bitmaps = std::make_unique<TermBitmaps>(options.frequent_word_memory);
  store::open_reader(impl_->dir);  // fail now, naming the directory, if there is no usable index
}

Searcher::~Searcher() = default;

namespace {

std::optional<std::int64_t> date_option(const std::optional<std::string>& value, const char* name, bool end) {
  if (!value) return std::nullopt;
  const auto t = parse_date_bound(*value, end);
  if (!t)
    throw InvalidArgument(std::string(name) + " \"" + *value + "\" is not a date (expected YYYY-MM-DD, YYYY-MM or YYYY)");
  return t;
}

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

// Counts the facets of every article in `matches`; false when the time
// limit (0: none) stopped it first.
bool count_all(const DocBitmap& matches, FacetSpy& spy, double time_limit_seconds) {
  const auto start = std::chrono::steady_clock::now();
  std::size_t n = 0;
  for (Xapian::docid did = matches.next_from(1); did != 0; did = matches.next_from(did + 1)) {
    spy.add(did);
    if (++n % 4096 == 0 && time_limit_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > time_limit_seconds)
      return false;
  }
  return true;
}

}  // namespace

SearchResult Searcher::search(const SearchRequest& req) const {
  validate(req);
  const auto since = date_option(req.since, "since", false);
  const auto until = date_option(req.until, "until", true);
  const ParsedQuery parsed = parse_query(req.query);
  return impl_->with_context([&](Context& ctx) {
    SearchResult result;
    result.plain_words = parsed.plain_words;
    result.problem = parsed.problem;
    result.read_as = describe(parsed.root);
    bool facets_exact = true;
    std::shared_ptr<const DocColumns> columns;

    const TermFreq freq = [&ctx](const std::string& t) { return ctx.term_freq(t); };
    const FrequentWords frequent = impl_->frequent_words(ctx);
    // The request's edition and dates.
    auto restrict = [&](Xapian::Query q) {
      std::vector<Xapian::Query> filters;
      if (req.lang) filters.emplace_back(schema::kLang + base_language(*req.lang));
      const std::string from = since ? Xapian::sortable_serialise(static_cast<double>(*since)) : "";
      const std::string to = until ? Xapian::sortable_serialise(static_cast<double>(*until)) : "";
      if (since && until) filters.emplace_back(Xapian::Query::OP_VALUE_RANGE, schema::kSlotPublished, from, to);
      else if (since) filters.emplace_back(Xapian::Query::OP_VALUE_GE, schema::kSlotPublished, from);
      else if (until) filters.emplace_back(Xapian::Query::OP_VALUE_LE, schema::kSlotPublished, to);
      if (filters.empty()) return q;
      Xapian::Query f(Xapian::Query::OP_AND, filters.begin(), filters.end());
      return q.empty() ? f : Xapian::Query(Xapian::Query::OP_FILTER, q, f);
    };
    auto run = [&](Combine combine, std::unique_ptr<FacetSpy>& spy) {
      CompiledQuery c = compile_query(parsed.root, ctx.analyzer, req.lang, combine, freq, frequent);
      Xapian::Query q = restrict(c.query);
      if (q.empty()) return std::make_pair(std::move(c), CollapsedPage());
      if (req.fresh) {
        const std::int64_t now = req.now ? *req.now : static_cast<std::int64_t>(std::time(nullptr));
        q = Xapian::Query(Xapian::Query::OP_AND_MAYBE, q,
                          Xapian::Query((new RecencySource(now, req.fresh_half_life_days))->release()));
      }
      Xapian::Enquire enquire(ctx.db);
      const auto doc_columns = impl_->columns_for(ctx, true);
      const bool current = impl_->columns_if_current(ctx) == doc_columns;  // lengths from memory, if of this commit
      rank_by_bm25(enquire, q, ctx.db, impl_->options.bm25_k1, impl_->options.bm25_b,
                   current ? doc_columns->lengths() : nullptr);
      if (req.sort == SortOrder::Date) enquire.set_sort_by_value_then_relevance(schema::kSlotPublished, true);
      const auto check = static_cast<Xapian::doccount>(impl_->options.exact_total_up_to);
      TitleDecider decider(ctx.db, c.title);
      const Xapian::MatchDecider* title_check = c.title.empty() ? nullptr : &decider;
      CollapsedPage page;
      if (req.collapse_duplicates) {
        page = collapse_page([&](Xapian::doccount n) { return enquire.get_mset(0, n, check, nullptr, title_check); },
                             *doc_columns, req.offset, req.limit, impl_->options.exact_total_up_to);
      } else {
        page.mset = enquire.get_mset(static_cast<Xapian::doccount>(req.offset),
                                     static_cast<Xapian::doccount>(req.limit), check, nullptr, title_check);
        for (auto it = page.mset.begin(); it != page.mset.end(); ++it) page.hits.push_back(PageHit{it, 0});
        page.total = page.mset.get_matches_estimated();
        page.lower = page.mset.get_matches_lower_bound();
        page.upper = page.mset.get_matches_upper_bound();
      }
      spy.reset();
      if (req.facets) {
        // Counting needs every match but no weights: a pass of its own with
        // BoolWeight is cheaper than ranking them all.
        if (!columns) columns = impl_->columns_for(ctx, false);
        spy = std::make_unique<FacetSpy>(*columns);
        // Plain words only: count the articles that have them all, from
        // their bitmaps, without Xapian.
        if (combine == Combine::All && frequent.from > 0 && c.words_only && !req.lang && !since && !until) {
          if (const auto bitmap = frequent.bitmap(c.positive)) {
            facets_exact = count_all(*bitmap, *spy, req.time_limit_seconds);
            return std::make_pair(std::move(c), std::move(page));
          }
        }
        Xapian::Enquire counting(ctx.db);
        counting.set_query(q);
        counting.set_weighting_scheme(Xapian::BoolWeight());
        counting.add_matchspy(spy.get());
        if (req.time_limit_seconds > 0) counting.set_time_limit(req.time_limit_seconds);
        const Xapian::MSet counted = counting.get_mset(0, 0, ctx.db.get_doccount(), nullptr, title_check);
        // A time limit stops the pass early; the bounds may still agree.
        facets_exact = counted.get_matches_lower_bound() == counted.get_matches_upper_bound() &&
                       spy->seen() == counted.get_matches_upper_bound();
      }
      return std::make_pair(std::move(c), std::move(page));
    };

    std::unique_ptr<FacetSpy> spy;
    auto [compiled, page] = run(req.any ? Combine::Any : Combine::All, spy);
    if (page.upper == 0 && !req.any && compiled.ranked_words > 1) {
      std::tie(compiled, page) = run(Combine::Relaxed, spy);
      result.relaxed = true;
    }
    result.total = page.total;
    result.total_lower = page.lower;
    result.total_upper = page.upper;
    result.total_exact = result.total_lower == result.total_upper;
    const auto current_columns = impl_->columns_if_current(ctx);  // their summaries, if read
    for (const PageHit& hit : page.hits) {
      const Xapian::MSetIterator& m = hit.item;
      const std::size_t duplicates = hit.duplicates;
      SearchHit h;
      if (req.snippets) {  // the stored article has the summary's fields too: one value read, not two
        const Article full = stored_article(m.get_document().get_value(schema::kSlotArticle));
        h = SearchHit{summary_of(full), m.get_weight(), {}, duplicates};
        const std::string& text = !full.body.empty() ? full.body : !full.lead.empty() ? full.lead : full.title;
        h.snippet = make_snippet(ctx.analyzer, text, full.lang, compiled.positive);
      } else {
        std::string_view summary = current_columns ? current_columns->summary(*m) : std::string_view();
        std::string read;
        if (summary.empty()) summary = read = m.get_document().get_value(schema::kSlotSummary);
        h = SearchHit{decode_summary(summary), m.get_weight(), {}, duplicates};
      }
      result.results.push_back(std::move(h));
    }
    if (spy) result.facets = spy->result(req.facet_values);
    result.facets_exact = facets_exact;
    if (result.total < kSuggestBelow)
      result.suggestion =
          suggest_spelling(ctx.db, ctx.analyzer, req.query, plain_words(ctx.analyzer, parsed.root, req.lang));
    return result;
  });
}

std::optional<Article> Searcher::article(const std::string& id) const {
  return impl_->with_context([&](Context& ctx) -> std::optional<Article> {
    const auto did = store::find_article(ctx.db, id);
    if (!did) return std::nullopt;
    return article_from_json(ctx.db.get_document(*did).get_value(schema::kSlotArticle));
  });
}

std::optional<std::vector<RelatedHit>> Searcher::related(const std::string& id, const RelatedOptions& o) const {
  check_limit(o.limit);
  if (o.lang) parse_language(*o.lang);
  if (!(o.half_life_days > 0)) throw InvalidArgument("the recency half-life must be a positive number of days");
  return impl_->with_context([&](Context& ctx) {
    impl_->columns_for(ctx, true);  // has new columns read if need be, without waiting for them
    return find_related(ctx.db, id, o, impl_->columns_if_current(ctx).get());
  });
}

PopularResult Searcher::popular(const PopularRequest& r) const {
  if (r.lang) parse_language(*r.lang);
  if (r.window_seconds < 0) throw InvalidArgument("the window must not be negative");
  if (!(r.half_life_hours > 0)) throw InvalidArgument("the trending half-life must be a positive number of hours");
  return impl_->with_context([&](Context& ctx) { return find_popular(impl_->dir, ctx.db, r); });
}

std::size_t Searcher::article_count() const {
  return impl_->with_context([](Context& ctx) { return static_cast<std::size_t>(ctx.db.get_doccount()); });
}

IndexInfo Searcher::info() const {
  return impl_->with_context([](Context& ctx) {
    // Xapian rewrites the generation's version file at every commit.
    struct stat st {};
    const std::string version_file = ctx.generation + "/iamglass";
    return IndexInfo{static_cast<std::size_t>(ctx.db.get_doccount()),
                     ::stat(version_file.c_str(), &st) == 0 ? static_cast<std::int64_t>(st.st_mtime) : 0};
  });
}

}  // namespace newsidx
