#include "query/search.h"

#include <ctime>
#include <deque>
#include <limits>
#include <map>
#include <optional>

#include "index/article_codec.h"
#include "index/schema.h"
#include "index/stored_article.h"
#include "index/stored_text.h"
#include "index/visibility.h"
#include "query/collapse.h"
#include "query/column_bm25.h"
#include "query/deadline.h"
#include "query/edition_mix.h"
#include "query/facets.h"
#include "query/recency.h"
#include "query/snippet.h"
#include "query/spelling.h"
#include "query/title_filter.h"
#include "query/word_bitmaps.h"

namespace newsidx {
namespace {

using Q = Xapian::Query;

bool has_filters(const SearchRequest& req) {
  return req.lang || req.since || req.until || req.category || req.author || !req.tags.empty();
}

// The request's edition, dates and exact fields, as a filter on q.
// The edition filter. In one index its term's articles, a large share of
// them, are read from a bitmap as frequent words are: decoding its postings
// at every skip made a search with the language given slower than one
// without (at 100k generated articles p50 0.40 ms against 0.29).
Q language_filter(const std::string& lang, SearchContext& ctx) {
  const std::string term = filter_term("lang", lang);
  if (ctx.remote || !ctx.frequent.bitmap || ctx.term_freq(term) < ctx.frequent.from) return Q(term);
  QueryWord edition;
  edition.terms = {term};
  const auto bitmap = ctx.frequent.bitmap({edition});
  if (!bitmap) return Q(term);
  return Q((new BitmapSource(bitmap, ctx.frequent.all_uuids))->release());
}

Q restrict_to(const SearchRequest& req, Q q, SearchContext& ctx) {
  std::vector<Q> filters;
  if (req.lang) filters.emplace_back(language_filter(*req.lang, ctx));
  const std::string from = req.since ? Xapian::sortable_serialise(static_cast<double>(*req.since)) : "";
  const std::string to = req.until ? Xapian::sortable_serialise(static_cast<double>(*req.until)) : "";
  if (req.since && req.until) filters.emplace_back(Q::OP_VALUE_RANGE, schema::kSlotPublished, from, to);
  else if (req.since) filters.emplace_back(Q::OP_VALUE_GE, schema::kSlotPublished, from);
  else if (req.until) filters.emplace_back(Q::OP_VALUE_LE, schema::kSlotPublished, to);
  if (req.category) filters.emplace_back(filter_term("category", *req.category));
  if (req.author) filters.emplace_back(filter_term("author", *req.author));
  for (const auto& tag : req.tags) filters.emplace_back(filter_term("tag", tag));
  if (filters.empty()) return q;
  Q all(Q::OP_AND, filters.begin(), filters.end());
  return q.empty() ? all : Q(Q::OP_FILTER, q, all);
}

// The request's time limit over the whole search: its clock, and the
// filter that ends a match when the time is up (none without a limit).
struct Budget {
  explicit Budget(double seconds)
      : deadline(seconds), stop(deadline.limited() ? std::make_unique<DeadlineSource>(deadline.end()) : nullptr) {}
  // What is left for a step that takes a time limit; 0 is none.
  double seconds_left() const { return deadline.limited() ? deadline.seconds_left() : 0; }
  // Whether the time is up; once it has said so, the search is cut short.
  bool over() const {
    if (deadline.passed()) skipped_a_step = true;
    return skipped_a_step;
  }
  // A match was ended, or a step skipped, by the deadline.
  bool cut_short() const { return skipped_a_step || (stop && stop->cut()); }

  Deadline deadline;
  std::unique_ptr<DeadlineSource> stop;
  mutable bool skipped_a_step = false;
};

// A query as Xapian runs it, and what the other steps need of its parts.
struct Compiled {
  CompiledQuery parts;
  Q query;  // empty: nothing can match
};

// Compiles once with every frequency looked up recorded (and reported as 1),
// and has them fetched together.
void prefetch_frequencies(const SearchRequest& req, const ParsedQuery& parsed, Combine combine, SearchContext& ctx) {
  std::vector<std::string> terms;
  const TermFreq record = [&terms](const std::string& t) -> Xapian::doccount {
    terms.push_back(t);
    return 1;
  };
  FrequentWords none;
  compile_query(parsed.root, ctx.analyzer, req.lang, combine, record, none, ctx.prefix_terms, ctx.proximity);
  ctx.prefetch_term_freqs(terms);
}

std::int64_t now_of(const SearchRequest& req) {
  return req.now ? *req.now : static_cast<std::int64_t>(std::time(nullptr));
}

// A match's result summary where a search keeps it: over shard servers what
// was fetched for it (match_values.h), else the columns' copy; empty when
// neither has it.
std::string_view kept_summary(const Xapian::MSetIterator& m, const SearchContext& ctx, const DocColumns* columns) {
  if (ctx.remote) return ctx.remote_values.at(*m).summary;
  return columns ? columns->summary(*m) : std::string_view();
}

// A match's stored result summary: the kept one, else the document's value.
std::string summary_of(const Xapian::MSetIterator& m, const SearchContext& ctx, const DocColumns* columns) {
  const std::string_view kept = kept_summary(m, ctx, columns);
  if (ctx.remote || !kept.empty()) return std::string(kept);
  return m.get_document().get_value(schema::kSlotSummary);
}

// The id of a match's article: a view of its kept summary, else of the
// summary read into `read` (without copying: ties of a common word ask for
// a thousand ids).
std::string_view article_id(const Xapian::MSetIterator& m, const SearchContext& ctx, std::deque<std::string>& read) {
  const std::string_view kept = kept_summary(m, ctx, ctx.latest_columns.get());
  return summary_id(ctx.remote || !kept.empty() ? kept : read.emplace_back(summary_of(m, ctx, nullptr)));
}

// The Fetch of `query` ranked by BM25 in `enquire` (counting at least
// `check` matches); over shard servers it brings the summaries and
// fingerprints of what it ranks, with the match when `by_relevance`.
Fetch fetch_by_bm25(Xapian::Enquire& enquire, const Q& query, SearchContext& ctx, Xapian::doccount check,
                    bool by_relevance) {
  rank_by_bm25(enquire, query, ctx.db, ctx.bm25_k1, ctx.bm25_b,
               ctx.commit_columns ? ctx.commit_columns->lengths() : nullptr, ctx.remote);
  if (!ctx.remote) return fetch_from(enquire, check);
  return fetch_with_values(enquire, ctx.db, fetch_from(enquire, check), by_relevance, ctx.remote_values);
}

// The best n matches of `query`, as a search ranks them (equal ranks by
// article id, not by docid as Xapian orders them: the same articles however
// the index is sharded), for feedback.
std::vector<Xapian::docid> best_matches(const Q& query, SearchContext& ctx, Xapian::doccount n) {
  Xapian::Enquire enquire(ctx.db);
  const Ranked ranked = fetch_whole_ties(fetch_by_bm25(enquire, query, ctx, 0, true), n + 1, false);
  std::deque<std::string> read_summaries;
  const IdOf id_of = [&](const Xapian::MSetIterator& m) { return article_id(m, ctx, read_summaries); };
  std::vector<Xapian::docid> best;
  for (const Xapian::MSetIterator& m : in_rank_order(ranked.mset, id_of, false)) {
    if (best.size() == n) break;
    best.push_back(*m);
  }
  return best;
}

Compiled compile(const SearchRequest& req, const ParsedQuery& parsed, Combine combine, SearchContext& ctx,
                 const Budget& budget) {
  if (ctx.prefetch_term_freqs) prefetch_frequencies(req, parsed, combine, ctx);
  Compiled c{compile_query(parsed.root, ctx.analyzer, req.lang, combine, ctx.term_freq, ctx.frequent, ctx.prefix_terms,
                           ctx.proximity),
             Q()};
  const std::int64_t now = now_of(req);
  c.query = restrict_to(req, c.parts.query, ctx);
  if (!c.query.empty()) c.query = visible_only(c.query, now);
  if (!c.query.empty() && !c.parts.title.empty())
    c.query = Q(Q::OP_FILTER, c.query, Q((new TitleSource(c.parts.title))->release()));
  if (!c.query.empty() && req.fresh) {
    c.query = Q(Q::OP_AND_MAYBE, c.query, Q((new RecencySource(now, req.fresh_half_life_days))->release()));
  }
  if (!c.query.empty() && req.feedback && ctx.feedback.documents > 0)
    c.query =
        with_feedback(c.query, ctx.db, best_matches(c.query, ctx, ctx.feedback.documents), ctx.feedback, ctx.remote);
  if (!c.query.empty() && budget.stop) c.query = Q(Q::OP_FILTER, c.query, Q(budget.stop.get()));
  return c;
}

// The distinct matches at [offset, offset + limit) in rank order.
CollapsedPage rank_matches(const SearchRequest& req, const Q& query, SearchContext& ctx, std::size_t offset,
                           std::size_t limit) {
  Xapian::Enquire enquire(ctx.db);
  // The DeadlineSource in the query ends the match, here and on shard
  // servers. Not Xapian's set_time_limit: in 1.4 it is a SIGEV_THREAD timer
  // that sets a flag on get_mset's stack and may still fire after get_mset
  // returned (with limits of a few milliseconds it wrote into a later call's
  // stack, which UBSan caught).
  const bool by_date = req.sort == SortOrder::Date;
  const Fetch fetch =
      fetch_by_bm25(enquire, query, ctx, static_cast<Xapian::doccount>(ctx.exact_total_up_to), !by_date);
  if (by_date) enquire.set_sort_by_value_then_relevance(schema::kSlotPublished, true);
  std::deque<std::string> read_summaries;  // what id_of views, without columns
  const IdOf id_of = [&](const Xapian::MSetIterator& m) { return article_id(m, ctx, read_summaries); };
  if (req.collapse_duplicates) {
    const FingerprintOf fingerprint_of = [&ctx](const Xapian::MSetIterator& m) {
      return ctx.remote ? ctx.remote_values.at(*m).fingerprint : ctx.latest_columns->fingerprint(*m);
    };
    return collapse_page(fetch, fingerprint_of, id_of, by_date, offset, limit, ctx.exact_total_up_to);
  }
  // From the first: equal ranks are put in order over the whole page and the one before.
  const Ranked ranked = fetch_whole_ties(fetch, static_cast<Xapian::doccount>(offset + limit + 1), by_date);
  CollapsedPage page;
  page.mset = ranked.mset;
  const auto order = in_rank_order(page.mset, id_of, by_date);
  for (std::size_t i = offset; i < order.size() && i < offset + limit; ++i) page.hits.push_back(PageHit{order[i], 0});
  page.total = ranked.estimated;
  page.lower = ranked.lower;
  page.upper = ranked.upper;
  return page;
}

// The page; without an edition, by relevance, the first kMixWindow matches
// ordered by mixed_order (edition_mix.h) whatever the page asked.
CollapsedPage rank_page(const SearchRequest& req, const Q& query, SearchContext& ctx) {
  const bool mix = ctx.mix_editions && !req.lang && req.sort == SortOrder::Relevance && req.offset < kMixWindow;
  if (!mix) return rank_matches(req, query, ctx, req.offset, req.limit);
  CollapsedPage page = rank_matches(req, query, ctx, 0, std::max(kMixWindow, req.offset + req.limit));
  std::vector<double> scores;
  for (const PageHit& h : page.hits) scores.push_back(h.item.get_weight());
  const auto edition_of = [&](std::size_t i) {
    return base_language(std::string(summary_language(summary_of(page.hits[i].item, ctx, ctx.latest_columns.get()))));
  };
  std::vector<PageHit> hits;
  const std::vector<std::size_t> order = mixed_order(page.hits.size(), edition_of, scores);
  for (std::size_t i = req.offset; i < order.size() && i < req.offset + req.limit; ++i)
    hits.push_back(page.hits[order[i]]);
  page.hits = std::move(hits);
  return page;
}

// One pass: the page and, when asked, the facets of every match.
struct Outcome {
  Compiled compiled;
  CollapsedPage page;
  std::optional<std::map<std::string, std::vector<FacetValue>>> facets;
  bool facets_exact = true;
};

void count_facets(const SearchRequest& req, Combine combine, SearchContext& ctx, const Budget& budget, Outcome& out) {
  if (ctx.remote) {  // counted on each shard from its values, the counts merged here
    FacetValueSpy spy;
    out.facets_exact = count_matches(ctx.db, out.compiled.query, spy);
    if (budget.cut_short()) out.facets_exact = false;
    out.facets = spy.result(req.facet_values);
    return;
  }
  if (!ctx.commit_columns) ctx.commit_columns = ctx.read_commit_columns();
  FacetSpy spy(*ctx.commit_columns);
  const CompiledQuery& parts = out.compiled.parts;
  // Plain words only: the articles that have them all, straight from their
  // bitmaps (unless some are hidden, which the match leaves out).
  if (combine == Combine::All && ctx.frequent.from > 0 && ctx.frequent.bitmap && parts.words_only &&
      !has_filters(req) && all_visible(ctx.db, now_of(req))) {
    if (const auto bitmap = ctx.frequent.bitmap(parts.positive)) {
      out.facets_exact = count_bitmap(*bitmap, spy, budget.seconds_left());
      out.facets = spy.result(req.facet_values);
      return;
    }
  }
  out.facets_exact = count_matches(ctx.db, out.compiled.query, spy);
  if (budget.cut_short()) out.facets_exact = false;
  out.facets = spy.result(req.facet_values);
}

Outcome search_once(const SearchRequest& req, const ParsedQuery& parsed, Combine combine, SearchContext& ctx,
                    const Budget& budget) {
  Outcome out{compile(req, parsed, combine, ctx, budget), {}, std::nullopt, true};
  if (out.compiled.query.empty()) return out;
  out.page = rank_page(req, out.compiled.query, ctx);
  if (req.facets && !budget.over()) count_facets(req, combine, ctx, budget, out);
  else if (req.facets) out.facets_exact = false;
  return out;
}

SearchHit make_hit(const PageHit& hit, const SearchRequest& req, const CompiledQuery& parts, SearchContext& ctx) {
  const Xapian::MSetIterator& m = hit.item;
  const std::string summary = summary_of(m, ctx, ctx.commit_columns.get());
  SearchHit h{decode_summary(summary), m.get_weight(), {}, hit.duplicates};
  if (req.snippets) {
    // Only the text fields, not a JSON tree of the whole article: most of a
    // snippet's cost was parsing it. The article unpacks with the summary in
    // hand (reading its value again cost more than the inflating).
    const std::string stored = unpack_article(
        ctx.remote ? ctx.remote_values.at(*m).article : m.get_document().get_value(schema::kSlotArticle), summary);
    std::optional<StoredText> text = stored_text(stored);
    if (!text) {  // damaged: the full reader says how
      const Article full = stored_article(stored);
      text = StoredText{full.lang, full.title, full.lead, full.body};
    }
    const std::string& shown = !text->body.empty() ? text->body : !text->lead.empty() ? text->lead : text->title;
    h.snippet = make_snippet(ctx.analyzer, shown, text->lang, parts.positive);
  }
  return h;
}

}  // namespace

SearchResult run_search(const SearchRequest& req, const ParsedQuery& parsed, SearchContext& ctx) {
  SearchResult result;
  result.plain_words = parsed.plain_words;
  result.problem = parsed.problem;
  result.read_as = describe(parsed.root);
  const Budget budget(req.time_limit_seconds);
  Outcome out = search_once(req, parsed, req.any ? Combine::Any : Combine::All, ctx, budget);
  if (out.page.upper == 0 && !req.any && out.compiled.parts.ranked_words > 1 && !budget.over()) {
    out = search_once(req, parsed, Combine::Relaxed, ctx, budget);
    result.relaxed = true;
  }
  result.total = out.page.total;
  result.total_lower = out.page.lower;
  result.total_upper = out.page.upper;
  result.total_exact = result.total_lower == result.total_upper;
  if (req.snippets && ctx.remote) {  // the page's articles in one exchange
    std::vector<Xapian::docid> page;
    for (const PageHit& hit : out.page.hits) page.push_back(*hit.item);
    fetch_match_values(ctx.db, page, ctx.remote_values, true);
  }
  for (const PageHit& hit : out.page.hits) result.results.push_back(make_hit(hit, req, out.compiled.parts, ctx));
  if (out.facets) result.facets = std::move(*out.facets);
  result.facets_exact = out.facets_exact;
  if (result.total < kSuggestBelow && !budget.over())
    result.suggestion = suggest_spelling(ctx.db, ctx.analyzer, ctx.term_freq, req.query,
                                         plain_words(ctx.analyzer, parsed.root, req.lang), now_of(req), ctx.remote);
  // A shard server's DeadlineSource does not say it ended a match: the clock does.
  result.timed_out = budget.cut_short() || !out.facets_exact ||
                     (ctx.remote && budget.deadline.passed());  // facets are inexact only for want of time
  return result;
}

}  // namespace newsidx
