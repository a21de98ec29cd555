// Reading the index: search, articles, related news and Most read: what the
// CLI, the HTTP service and any web backend call.
//
// Thread safety: a Searcher may be shared by any number of threads; each
// call borrows a database handle and an analyzer of its own from a pool.
// Every call first checks for a newer commit by `newsindex` and reopens,
// so results follow the index without a restart.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsidx/article.h"
#include "newsidx/export.h"
#include "newsidx/suggest.h"
#include "newsidx/views.h"

namespace newsidx {

enum class SortOrder { Relevance, Date };

struct SearchRequest {
  // The query text in the query language (README.md): words (all must
  // match), "phrases", -exclusions, OR, parentheses, prefix*, and the fields
  // title: tag: category: lang: author: date: since: until:. May be empty
  // when a field below is given (then every article it keeps matches).
  std::string query;
  // Read the words in this language only and return only its articles
  // ("kk" covers every Kazakh script).
  // Default: none (all editions; each word read in every language it may be).
  std::optional<std::string> lang;
  // Only articles published in this range, unix seconds, both ends
  // included (parse_date_bound reads YYYY-MM-DD, YYYY-MM and YYYY), as with
  // since: and until: in the query.
  // Default: none.
  std::optional<std::int64_t> since, until;
  // Only articles of this category, by this author, with every one of these
  // editorial tags: exact values, compared folded (case, width, spaces), as
  // with category:, author: and tag: in the query.
  // Default: none.
  std::optional<std::string> category, author;
  std::vector<std::string> tags;
  // Default: 0.
  std::size_t offset = 0;
  // Default: 10. At most kMaxLimit.
  std::size_t limit = 10;
  // Rank by any of the words from the start (long natural-language questions).
  // Default: false.
  bool any = false;
  // Rank also by the words that best mark the best few matches
  // (pseudo-relevance feedback, SearcherOptions::feedback_*): for long
  // questions (`any`), where the asker's words miss the articles' own. It
  // reorders the matches and adds none; over shards, ties among the best
  // few may pick other words than one index would.
  // Default: false.
  bool feedback = false;
  // Default: SortOrder::Relevance (newest first with SortOrder::Date).
  SortOrder sort = SortOrder::Relevance;
  // Count tags, categories, languages and months over all matches.
  // Default: false.
  bool facets = false;
  // Values listed per facet, the most frequent first.
  // Default: 20.
  std::size_t facet_values = 20;
  // Blend recency into the score: score + 4 * 2^(-age / half-life) (a strong
  // title match scores about 5-10).
  // Default: false.
  bool fresh = false;
  // Default: 7 days.
  double fresh_half_life_days = 7;
  // The time "now" for freshness and embargoes, unix seconds.
  // Default: none (the clock).
  std::optional<std::int64_t> now;
  // Show re-publications of the same text once, with a `duplicates` count.
  // Default: true.
  bool collapse_duplicates = true;
  // Default: true.
  bool snippets = true;
  // The time one search may take, all its steps together. When it is up,
  // the match in progress ends where it is (the page is the best of the
  // articles seen, facets count those), later steps (facet counting, the
  // relaxed retry, spelling) are skipped, and SearchResult::timed_out says so.
  // Default: 0 (no limit).
  double time_limit_seconds = 0;
  // Over shard servers: when no copy of a shard answers, search the shards
  // that do (SearchResult::partial says so) instead of failing.
  // Default: false (DatabaseError naming the shard).
  bool partial = false;
};

// The largest SearchRequest::limit and RelatedOptions::limit, and the
// longest query.
inline constexpr std::size_t kMaxLimit = 1000;
inline constexpr std::size_t kMaxQueryBytes = 1024;

struct SnippetSpan {
  std::string text;
  bool highlight = false;
};

struct SearchHit : ArticleSummary {
  double score = 0;
  std::vector<SnippetSpan> snippet;
  std::size_t duplicates = 0;  // re-publications of the same text left out
};

struct FacetValue {
  std::string value;
  std::size_t count = 0;
};

struct SearchResult {
  std::size_t total = 0;        // matching articles (Xapian's estimate when large)
  std::size_t total_lower = 0;  // bounds of the estimate
  std::size_t total_upper = 0;
  bool total_exact = true;
  bool relaxed = false;      // all-words found nothing, so any-words ranking was used
  bool plain_words = false;  // the query was malformed and read as plain words
  std::string problem;       // why it was malformed
  std::string read_as;       // how the query was read
  std::string suggestion;    // "did you mean" (with fewer than 3 results), or empty
  // "tag", "category", "lang", "month" -> values by count (then value); only
  // with SearchRequest::facets.
  std::map<std::string, std::vector<FacetValue>> facets;
  bool facets_exact = true;  // false when the time limit cut the count short
  // The time limit ended the search early: results, total and facets are of
  // the articles seen by then.
  bool timed_out = false;
  // SearchRequest::partial left out these shards (by number), whose copies
  // all failed to answer: results, totals and facets are of the others.
  bool partial = false;
  std::vector<std::size_t> missing_shards;
  std::vector<SearchHit> results;
};

// "Related news" for one article. The score of a candidate is the sum of
//   terms:    its BM25 score for the source's 20 most telling terms (Xapian's
//             relevance feedback), over the source's own
//   tags:     0.6 * sum over shared tags of log(N / tag count) / log(N)
//   category: 0.25 when the categories agree
//   recency:  0.3 * 2^(-|publication gap| / half-life)
struct RelatedOptions {
  // Default: 5. At most kMaxLimit.
  std::size_t limit = 5;
  // Related articles from this language ("kk" covers every Kazakh script).
  // Default: none (the source article's language).
  std::optional<std::string> lang;
  // Related articles from every edition.
  // Default: false.
  bool any_lang = false;
  // Default: 14 days.
  double half_life_days = 14;
  // Fill RelatedHit::explanation.
  // Default: false.
  bool explain = false;
  // The time "now" for embargoes, unix seconds.
  // Default: none (the clock).
  std::optional<std::int64_t> now;
};

// Why an article is related: the parts of its score.
struct RelatedExplanation {
  std::vector<std::string> shared_tags;
  std::vector<std::string> shared_terms;  // the source's telling terms it also has, best first
  double terms = 0, tags = 0, category = 0, recency = 0;
};

struct RelatedHit : ArticleSummary {
  double score = 0;
  std::optional<RelatedExplanation> explanation;
};

struct IndexInfo {
  std::size_t articles = 0;
  std::int64_t last_commit = 0;  // unix seconds
  // Per shard, in shard order (one for an index that is not sharded): the
  // generation directory read (or "remote HOST:PORT") and its revision.
  std::vector<std::string> generations;
  std::vector<std::uint64_t> revisions;
};

// What a Searcher holds and serves, for monitoring (Searcher::status()).
struct SearcherStatus {
  IndexInfo index;
  std::map<std::string, std::size_t> articles_by_language;  // per edition code
  // When `newsindex views` last committed counts (unix seconds; 0: never).
  std::int64_t last_views_commit = 0;
  // Memory for document columns and for frequent-word bitmaps, in bytes.
  std::size_t column_bytes = 0;
  std::size_t bitmap_bytes = 0;
  // Memory for completions (Searcher::suggest; 0 before the first call), in bytes.
  std::size_t suggest_bytes = 0;
};

struct SearcherOptions {
  // BM25's term-frequency saturation and length normalisation.
  // Default: 1.2 and 0.75, the values of Robertson's papers and Lucene (Xapian's own are 1 and 0.5).
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;
  // Proximity: an article where two adjacent words of the query, each in
  // under `proximity_max_share` of the articles, stand within
  // `proximity_window` positions, in order, gains `proximity_weight` times
  // those words' weight. 0 turns it off.
  // Default: 0 (off: on the 33k real articles it doubled the search p50 and
  // its p99 rose 4.5x; on Cranfield it moves nDCG@10 by under 0.001), 2 and 0.05.
  double proximity_weight = 0;
  unsigned proximity_window = 2;
  double proximity_max_share = 0.05;
  // Pseudo-relevance feedback (SearchRequest::feedback): the
  // `feedback_terms` words that best mark the `feedback_documents` best
  // matches rank them too, each at `feedback_weight` of a query word.
  // 0 documents turns it off.
  // Default: 5, 15 and 0.7 (bench/eval_ranking: Cranfield nDCG@10 0.372 ->
  // 0.393; any-words p50 on the 33k real articles 0.80 -> 1.79 ms).
  unsigned feedback_documents = 5;
  unsigned feedback_terms = 15;
  double feedback_weight = 0.7;
  // The edition mix: a search by relevance without an edition whose first
  // 10 results are all one edition's, while another edition has a match
  // among the first 50 scoring at least half the first result, gives the
  // best such match of each other edition (up to 3) a place at the end of
  // the first page; the results they pass move down, and every page stays
  // a slice of one order (nothing shown twice or lost).
  // Default: true (on the 33k real articles, of 300 name queries that two
  // editions hold, first pages of one edition alone while another had a
  // match of half the first score among the first 100 went from 25.3% to
  // 4.7%, at up to 1.07x the search time; a window of 100 took it to none
  // but cost any-words searches 1.2-1.45x).
  bool mix_editions = true;
  // Matches counted exactly before `total` becomes Xapian's estimate.
  // Default: 100.
  std::size_t exact_total_up_to = 100;
  // A word of an all-words query found in at least this share of the
  // articles, and in at least frequent_word_min_articles, is checked from an
  // in-memory bitmap and adds nothing to the score: every result has it, so
  // the order barely changes, and a bit test is far cheaper than skipping
  // through its long posting list. 0 turns this off.
  // Default: 0.01 and 1,000.
  double frequent_word_share = 0.01;
  std::size_t frequent_word_min_articles = 1000;
  // Memory for those bitmaps (one bit per article per word), kept until the
  // next commit, the least recently used dropped when full.
  // Default: 256 MiB (at 1M articles the 1,000 title queries of
  // bench_search use 217 MiB of them; with 64 MiB, p50 and p99 were 5.5x
  // and 1.9x those with them all kept).
  std::size_t frequent_word_memory = 256u << 20;
  // Keep every article's result summary in memory (about 160 bytes per
  // article, read again after each commit) instead of reading each result's
  // from the index.
  // Default: true.
  bool summaries_in_memory = true;
  // Over shard servers, how often a reader asks each shard for its latest
  // commit (a round trip to every shard): at most once per this many
  // seconds, and at once after a shard server failed. A search sees every
  // commit made that long before it (on a replica, plus its replication
  // lag). 0 asks before every search. A local index is checked before
  // every search whatever this is (one stat()).
  // Default: 0.1.
  double remote_refresh_seconds = 0.1;
};

// Every method throws DatabaseError (naming the directory) when the index
// cannot be read: it is missing or damaged, of another schema version, or
// changes faster than the read can follow (a busy writer overtook it twenty
// times).
class NEWSIDX_EXPORT Searcher {
 public:
  // Throws DatabaseError naming db_dir when there is no usable index there.
  explicit Searcher(std::string db_dir, SearcherOptions options = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Throws InvalidArgument for a query over kMaxQueryBytes, an unknown
  // language, a limit over kMaxLimit, a negative time
  // limit or a half-life that is not positive; DatabaseError as above. A
  // malformed query is not an error: see SearchResult::plain_words.
  SearchResult search(const SearchRequest& request) const;

  // The stored article, or nullopt for an unknown id. A withheld, canceled
  // or embargoed article is returned too, with its status and embargo: a
  // reader's page shows it only when visible (the service answers 404, or
  // 410 for canceled). Throws DatabaseError as above.
  std::optional<Article> article(const std::string& id) const;

  // Articles related to `id`, best first, or nullopt for an unknown id. The
  // article itself and re-publications of its text are left out, and of
  // two re-publications or two articles with one title only the better
  // takes a place. Throws InvalidArgument for an unknown language, a limit
  // over kMaxLimit or a half-life that is not positive; DatabaseError as
  // above.
  std::optional<std::vector<RelatedHit>> related(const std::string& id, const RelatedOptions& options = {}) const;

  // The most-read articles (newsidx/views.h). Throws InvalidArgument for an
  // unknown language, a negative window or a half-life that is not
  // positive; DatabaseError as above, and when DIR/state.sqlite is damaged
  // or of another schema version.
  PopularResult popular(const PopularRequest& request) const;

  // Completions of request.prefix, best first (newsidx/suggest.h). Built
  // from the articles readers may see and their views of the last 7 days,
  // again after each commit or views commit (the first call after one
  // builds; calls meanwhile answer from the last). An empty prefix, or one
  // of no word, has none. Throws InvalidArgument for a prefix over
  // kMaxSuggestPrefixBytes or not UTF-8, an unknown language or a limit
  // over kMaxSuggestLimit; DatabaseError as above, and over shard servers
  // (not offered there yet).
  SuggestResult suggest(const SuggestRequest& request) const;

  // The index now: its article count and when it was last committed.
  // Throws DatabaseError as above.
  IndexInfo info() const;

  // info() and more: articles per edition (counted once per commit),
  // memory held, the view counts' last commit. Throws DatabaseError as above.
  SearcherStatus status() const;

  // Reads now what searches keep in memory for the latest commit (document
  // columns), rather than at the first search: a service is ready once this
  // returns. Throws DatabaseError as above.
  void load() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsidx
