#include "recommend/related/related.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <deque>
#include <limits>
#include <set>
#include <tuple>
#include <unordered_map>

#include "analysis/fold.h"
#include "analysis/script.h"
#include "common/date.h"
#include "index/doc_columns.h"
#include "index/schema.h"
#include "index/shards.h"
#include "index/store.h"
#include "index/stored_article.h"
#include "index/visibility.h"
#include "query/collapse.h"
#include "query/column_bm25.h"
#include "query/expansion.h"
#include "query/match_values.h"
#include "query/term_lists.h"
#include "recommend/related/term_weight_source.h"

namespace newsidx {
namespace {

using Q = Xapian::Query;

// Xapian's default BM25 parameters, which related news was tuned with.
constexpr double kRelatedK1 = 1, kRelatedB = 0.5;

// The cheap part of the test, run on every term of the source; the
// frequency test runs on the best terms only (each is a B-tree lookup).
class TellingTerms : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    if (!is_word(term)) return false;  // prefixed: ids, tags, skeletons
    const Script script = script_of(term);
    if (script == Script::Number) return false;
    return script == Script::Han || code_points(term) >= 2;
  }
};

using Freqs = std::unordered_map<std::string, Xapian::doccount>;

// The source's terms the decider lets through, with their wdf, in term
// order; `length` is set to the document's length, the sum of its wdfs.
// Read on the shard server that holds it (query/term_lists.h).
std::vector<std::pair<std::string, Xapian::termcount>> decided_terms(const Xapian::Database& db, Xapian::docid did,
                                                                      Xapian::termcount& length) {
  auto lists = words_in_one_match(db, {did});
  const auto source = lists.find(did);
  if (source == lists.end()) throw Xapian::DocNotFoundError("newsidx: related: the source is gone");
  const TellingTerms decider;
  std::vector<std::pair<std::string, Xapian::termcount>> out;
  length = source->second.length;
  for (auto& word : source->second.words)
    if (decider(word.first)) out.push_back(std::move(word));
  return out;
}

// Enquire::get_eset(max, {did}, USE_EXACT_TERMFREQ, TellingTerms) computed
// here with the frequencies given (query/expansion.h).
std::vector<std::pair<std::string, double>> expand_one(
    const Xapian::Database& db, Xapian::termcount doclen, Xapian::termcount max,
    const std::vector<std::pair<std::string, Xapian::termcount>>& terms, const Freqs& freqs) {
  ExpandTerms stats;
  add_relevant(stats, terms, doclen, db.get_avlength());
  return expand(stats, freqs, db.get_doccount(), 1, max);
}

// The first `count` of the ESet's terms that are in between 2 and 10% of the articles.
template <typename FreqOf>
std::vector<std::pair<std::string, double>> telling_of(const Xapian::Database& db,
                                                       const std::vector<std::pair<std::string, double>>& eset,
                                                       std::size_t count, const FreqOf& freq_of) {
  const Xapian::doccount max_freq = std::max(2u, db.get_doccount() / 10);
  std::vector<std::pair<std::string, double>> terms;
  for (const auto& [term, weight] : eset) {
    if (terms.size() == count) break;
    const Xapian::doccount freq = freq_of(term);
    if (freq >= 2 && freq <= max_freq) terms.emplace_back(term, weight);
  }
  return terms;
}

}  // namespace

std::vector<std::pair<std::string, double>> telling_terms(const Xapian::Database& db, Xapian::docid did,
                                                          std::size_t count) {
  Xapian::RSet rset;
  rset.add_document(did);
  Xapian::Enquire enquire(db);
  TellingTerms decider;
  // Exact term frequencies: over several shards Xapian otherwise estimates them.
  const Xapian::ESet eset =
      enquire.get_eset(static_cast<Xapian::termcount>(count * 3), rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
  std::vector<std::pair<std::string, double>> entries;
  for (auto t = eset.begin(); t != eset.end(); ++t) entries.emplace_back(*t, t.get_weight());
  return telling_of(db, entries, count, [&db](const std::string& t) { return db.get_termfreq(t); });
}

namespace {

// What ranking a candidate needs of it: from the in-memory columns when they
// are of the commit searched (a B-tree read per value otherwise, most of
// the time of related news); over shard servers what each match brought
// (match_values.h).
class CandidateValues {
 public:
  CandidateValues(const Xapian::Database& db, const DocColumns* columns, bool remote)
      : db_(db), columns_(columns), remote_(remote) {}

  // A Fetch of `enquire` that, over shard servers, brings its matches' values.
  Fetch fetch_of(Xapian::Enquire& enquire) const {
    if (!remote_) return fetch_from(enquire);
    return fetch_with_values(enquire, db_, fetch_from(enquire), true, remote_values_);
  }

  std::uint64_t story(Xapian::docid did) const {
    if (columns_) return columns_->story(did);
    return known(did).story;
  }
  bool same_category(Xapian::docid a, Xapian::docid b) const {
    if (columns_) return columns_->category_group(a) != 0 && columns_->category_group(a) == columns_->category_group(b);
    const std::string& ca = known(a).category;
    return !ca.empty() && ca == known(b).category;
  }
  double published(Xapian::docid did) const {
    if (columns_) return columns_->published(did);
    return known(did).published;
  }
  ArticleSummary summary(Xapian::docid did) const {
    const std::string_view kept = columns_ ? columns_->summary(did) : std::string_view();
    return decode_summary(kept.empty() ? known(did).summary : std::string(kept));
  }
  // Without columns, what every match of `mset` brought: its summary as
  // sort key and its story as collapse key (ask_matches_for_values), so
  // that no document is read.
  void read_all(const Xapian::MSet& mset) const {
    if (columns_ || remote_) return;
    for (auto m = mset.begin(); m != mset.end(); ++m) {
      if (known_.find(*m) != known_.end()) continue;
      const ArticleSummary a = decode_summary(m.get_sort_key());
      known_.emplace(*m, Known{DocColumns::story_key(m.get_collapse_key()), fold_exact(a.category),
                               static_cast<double>(parse_iso8601(a.published).value_or(0)), m.get_sort_key()});
    }
  }
  // Has each match bring what read_all takes (equal weights then go by the
  // summary, which starts with the id, as in_rank_order puts them anyway).
  void ask_matches_for_values(Xapian::Enquire& enquire) const {
    if (columns_ || remote_) return;
    enquire.set_sort_by_relevance_then_value(schema::kSlotSummary, false);
    enquire.set_collapse_key(schema::kSlotStory, std::numeric_limits<Xapian::doccount>::max());
  }

 private:
  // Without columns, each candidate's document is read once (over shard
  // servers a round trip), not once per value.
  struct Known {
    std::uint64_t story = 0;
    std::string category;  // folded
    double published = 0;
    std::string summary;
  };
  static Known known_of(const Xapian::Document& doc) {
    return Known{
        DocColumns::story_key(doc.get_value(schema::kSlotStory)), fold_exact(doc.get_value(schema::kSlotCategory)),
        Xapian::sortable_unserialise(doc.get_value(schema::kSlotPublished)), doc.get_value(schema::kSlotSummary)};
  }
  static Known known_of(const MatchValues& v) {
    const ArticleSummary a = decode_summary(v.summary);
    return Known{v.story, fold_exact(a.category), static_cast<double>(parse_iso8601(a.published).value_or(0)),
                 v.summary};
  }
  const Known& known(Xapian::docid did) const {
    auto [it, fresh] = known_.try_emplace(did);
    if (!fresh) return it->second;
    const auto sent = remote_values_.find(did);
    it->second = sent != remote_values_.end() ? known_of(sent->second) : known_of(db_.get_document(did));
    return it->second;
  }

  const Xapian::Database& db_;
  const DocColumns* columns_;
  const bool remote_;
  mutable std::unordered_map<Xapian::docid, Known> known_;
  mutable std::unordered_map<Xapian::docid, MatchValues> remote_values_;
};

// The best `count` matches of q, one per story (Xapian's collapse key read
// the story value of every candidate from the index), and any that score
// the same as the last: which of those Xapian reads first depends on docids.
std::vector<std::pair<Xapian::docid, double>> best_per_story(Xapian::Enquire& enquire, const CandidateValues& values,
                                                             std::size_t count) {
  std::vector<std::pair<Xapian::docid, double>> best;
  std::deque<std::string> ids;  // what id_of views
  const IdOf id_of = [&](const Xapian::MSetIterator& m) -> std::string_view {
    return ids.emplace_back(values.summary(*m).id);
  };
  const Fetch fetch = values.fetch_of(enquire);
  for (Xapian::doccount want = static_cast<Xapian::doccount>(count * 2);; want *= 2) {
    const Ranked ranked = fetch_whole_ties(fetch, want, false);
    const Xapian::MSet& mset = ranked.mset;
    values.read_all(mset);
    best.clear();
    std::set<std::uint64_t> stories;
    for (const Xapian::MSetIterator& m : in_rank_order(mset, id_of, false)) {
      if (best.size() >= count && !weights_equal(best.back().second, m.get_weight())) break;
      const std::uint64_t story = values.story(*m);
      if (story == 0 || stories.insert(story).second) best.emplace_back(*m, m.get_weight());
    }
    if (best.size() >= count || ranked.all()) return best;
  }
}

}  // namespace

namespace {

using Weighted = std::vector<std::pair<std::string, double>>;  // term or folded tag -> weight
using Lengths = std::shared_ptr<const std::vector<std::uint32_t>>;

// The source's telling terms as one OR, scaled so that the source itself
// scores kRelatedTermsWeight; empty without terms.
Q terms_part(const Xapian::Database& db, const Weighted& terms, const std::string& id_term, const Lengths& lengths,
             bool remote) {
  if (terms.empty()) return Q();
  std::vector<Q> weighted;
  for (const auto& [term, weight] : terms)
    weighted.emplace_back(Q::OP_SCALE_WEIGHT, Q(term), weight / terms.front().second);
  Q like(Q::OP_OR, weighted.begin(), weighted.end());
  Xapian::Enquire self(db);
  rank_by_bm25(self, Q(Q::OP_FILTER, like, Q(id_term)), db, kRelatedK1, kRelatedB, lengths, remote);
  const Xapian::MSet own = self.get_mset(0, 1);
  const double own_score = own.empty() ? 1.0 : std::max(1e-9, own.begin().get_weight());
  return Q(Q::OP_SCALE_WEIGHT, like, kRelatedTermsWeight / own_score);
}

// The source's tags (folded) that another article has too, each weighted by
// how rare it is.
std::set<std::string> folded_tags(const std::vector<std::string>& tags) {
  std::set<std::string> folded;
  for (const auto& tag : tags) folded.insert(fold_exact(tag));
  return folded;
}

template <typename FreqOf>
Weighted tag_weights(const Xapian::Database& db, const std::vector<std::string>& tags, const FreqOf& freq_of) {
  const double log_n = std::log(std::max(2.0, static_cast<double>(db.get_doccount())));
  Weighted out;
  for (const auto& tag : folded_tags(tags)) {
    const Xapian::doccount df = freq_of(schema::boolean_term(schema::kTag, tag));
    if (df < 2) continue;
    const double w = kRelatedTagWeight * std::log(db.get_doccount() / static_cast<double>(df)) / log_n;
    if (w > 0) out.emplace_back(tag, w);
  }
  return out;
}

// telling_terms and tag_weights over shard servers, every frequency they
// need fetched in one exchange with the shards.
std::pair<Weighted, Weighted> terms_and_tags_over_shard_servers(const Xapian::Database& db, Xapian::docid source,
                                                                const std::vector<std::string>& tags) {
  Xapian::termcount length = 0;
  const auto decided = decided_terms(db, source, length);
  std::vector<std::string> looked_up;
  for (const auto& [term, _] : decided) looked_up.push_back(term);
  for (const auto& tag : folded_tags(tags)) looked_up.push_back(schema::boolean_term(schema::kTag, tag));
  const Freqs freqs = term_freqs_on_shard_servers(db, looked_up);
  const auto freq_of = [&freqs](const std::string& t) { return freqs.at(t); };
  const auto eset = expand_one(db, length, static_cast<Xapian::termcount>(kRelatedTerms * 3), decided, freqs);
  return {telling_of(db, eset, kRelatedTerms, freq_of), tag_weights(db, tags, freq_of)};
}

struct Candidate {
  Xapian::docid did;
  double score, category, recency;
  std::string id;
};

// Stage two: category agreement and recency added to the best of stage one,
// best first; the source's story left out.
std::vector<Candidate> rescored(const std::vector<std::pair<Xapian::docid, double>>& best,
                                const CandidateValues& values, Xapian::docid source, double half_life_days) {
  const std::uint64_t story = values.story(source);
  const double published = values.published(source);
  std::vector<Candidate> candidates;
  for (const auto& [did, weight] : best) {
    if (values.story(did) == story) continue;
    const double cat = values.same_category(did, source) ? kRelatedCategoryWeight : 0;
    const double gap = std::fabs(values.published(did) - published);
    const double rec = kRelatedRecencyWeight * std::exp2(-gap / 86400.0 / half_life_days);
    candidates.push_back(Candidate{did, weight + cat + rec, cat, rec, values.summary(did).id});
  }
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) { return a.score > b.score; });
  // Equal scores by id, not by docid.
  for (std::size_t from = 0; from < candidates.size();) {
    std::size_t to = from + 1;
    while (to < candidates.size() && weights_equal(candidates[from].score, candidates[to].score)) ++to;
    std::sort(candidates.begin() + static_cast<std::ptrdiff_t>(from),
              candidates.begin() + static_cast<std::ptrdiff_t>(to),
              [](const Candidate& a, const Candidate& b) { return a.id < b.id; });
    from = to;
  }
  return candidates;
}

RelatedExplanation explain(const Xapian::Database& db, const RelatedHit& hit, const Candidate& c, const Weighted& tags,
                           const Weighted& terms) {
  RelatedExplanation e;
  for (const auto& tag : hit.tags) {
    const std::string folded = fold_exact(tag);
    for (const auto& [t, w] : tags)
      if (t == folded) {
        e.shared_tags.push_back(tag);
        e.tags += w;
      }
  }
  e.category = c.category;
  e.recency = c.recency;
  e.terms = std::max(0.0, hit.score - e.tags - e.category - e.recency);
  for (const auto& [term, _] : terms) {
    auto t = db.termlist_begin(c.did);
    t.skip_to(term);
    if (t != db.termlist_end(c.did) && *t == term) e.shared_terms.push_back(term);
  }
  return e;
}

// The source article's docid when it is there and visible (hidden: as if
// unknown). Over shard servers one match finds it and brings its values
// (else a posting list from each shard in turn, a match and its document).
std::optional<Xapian::docid> visible_source(const Xapian::Database& db, const std::string& id, std::int64_t now,
                                            const CandidateValues& values, bool remote) {
  const std::string id_term = schema::kId + id;
  if (!remote) {
    const auto found = store::find_article(db, id);
    if (!found || !visible_article(db, id_term, now)) return std::nullopt;
    return found;
  }
  Xapian::Enquire enquire(db);
  rank_by_bm25(enquire, visible_only(Q(id_term), now), db, kRelatedK1, kRelatedB, nullptr, true);
  const Xapian::MSet found = values.fetch_of(enquire)(1, 0);
  if (found.empty()) return std::nullopt;
  return *found.begin();
}

}  // namespace

std::optional<std::vector<RelatedHit>> find_related(const Xapian::Database& db, const std::string& id,
                                                    const RelatedOptions& o, const DocColumns* columns, bool remote) {
  const std::string id_term = schema::kId + id;
  const std::int64_t now = o.now ? *o.now : static_cast<std::int64_t>(std::time(nullptr));
  const CandidateValues values(db, columns, remote);
  const auto found = visible_source(db, id, now, values, remote);
  if (!found) return std::nullopt;
  const Xapian::docid source = *found;
  const ArticleSummary summary = values.summary(source);
  const Lengths lengths = columns ? columns->lengths() : nullptr;  // for BM25 (query/column_bm25.h)

  // Stage one: candidates by terms and tags, which Xapian ranks with
  // max-weight pruning; stage two (rescored) reads values for the best only.
  Weighted terms, tags;
  if (remote) {
    std::tie(terms, tags) = terms_and_tags_over_shard_servers(db, source, summary.tags);
  } else {
    terms = telling_terms(db, source, kRelatedTerms);
    tags = tag_weights(db, summary.tags, [&db](const std::string& t) { return db.get_termfreq(t); });
  }
  std::vector<Q> parts;
  if (Q like = terms_part(db, terms, id_term, lengths, remote); !like.empty()) parts.push_back(like);
  for (const auto& [tag, w] : tags)
    parts.emplace_back((new TermWeightSource(schema::boolean_term(schema::kTag, tag), w))->release());
  if (parts.empty()) return std::vector<RelatedHit>{};
  Q q(Q::OP_OR, parts.begin(), parts.end());
  if (!o.any_lang) q = Q(Q::OP_FILTER, q, Q(schema::kLang + base_language(o.lang ? *o.lang : summary.lang)));
  Xapian::Enquire enquire(db);
  rank_by_bm25(enquire, visible_only(Q(Q::OP_AND_NOT, q, Q(id_term)), now), db, kRelatedK1, kRelatedB, lengths,
               remote);
  values.ask_matches_for_values(enquire);
  const auto best = best_per_story(enquire, values, std::max(kRelatedCandidates, o.limit * 4));

  std::vector<RelatedHit> hits;
  std::set<std::string> titles{fold_exact(summary.title)};
  for (const Candidate& c : rescored(best, values, source, o.half_life_days)) {
    if (hits.size() == o.limit) break;
    RelatedHit h{values.summary(c.did), c.score, std::nullopt};
    if (!titles.insert(fold_exact(h.title)).second) continue;  // the same story twice
    if (o.explain) h.explanation = explain(db, h, c, tags, terms);
    hits.push_back(std::move(h));
  }
  return hits;
}

}  // namespace newsidx
