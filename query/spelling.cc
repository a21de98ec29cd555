#include "query/spelling.h"

#include <optional>

#include <algorithm>

#include <unicode/utf8.h>

#include "analysis/fold.h"
#include "analysis/script.h"
#include "index/article_codec.h"
#include "index/schema.h"
#include "index/stored_article.h"
#include "index/visibility.h"
#include "query/match_values.h"
#include "query/wire.h"

namespace newsidx {
namespace {

std::u32string to_u32(std::string_view s) {
  std::u32string out;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data());
  const int32_t n = static_cast<int32_t>(s.size());
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(p, i, n, c);
    out.push_back(static_cast<char32_t>(c < 0 ? 0xFFFD : c));
  }
  return out;
}

std::size_t first_char_bytes(const std::string& s) {
  std::size_t n = 1;
  while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
  return n;
}

// Candidates looked up for a visible article, nearest first, per word.
constexpr std::size_t kMaxCandidatesTried = 8;

// The indexed terms near `reading` (see suggest_spelling), in term order, added to `out`.
void near_terms(const Xapian::Database& db, const std::string& reading, std::vector<NearTerm>& out) {
  const std::u32string target = to_u32(reading);
  const std::size_t limit = target.size() <= 4 ? 1 : 2;
  const std::string first = reading.substr(0, first_char_bytes(reading));
  for (auto t = db.allterms_begin(first); t != db.allterms_end(first); ++t) {
    const std::string term = *t;
    const std::u32string u = to_u32(term);
    if (u.size() + limit < target.size() || u.size() > target.size() + limit) continue;
    const std::size_t d = edit_distance(target, u, limit);
    if (d == 0 || d > limit) continue;
    out.push_back(NearTerm{term, d, t.get_termfreq()});
  }
}

// The near terms of each reading: scanned here, or found by each shard server in its own vocabulary.
std::vector<std::vector<NearTerm>> near_terms_of(const Xapian::Database& db, const std::vector<std::string>& readings,
                                                 bool on_shard_servers) {
  if (!on_shard_servers) {
    std::vector<std::vector<NearTerm>> out(readings.size());
    for (std::size_t i = 0; i < readings.size(); ++i) near_terms(db, readings[i], out[i]);
    return out;
  }
  NearTermsSpy spy(readings);
  spy_on_shards(db, spy);
  return spy.found();
}

void put_number(std::string& out, double x) { wire::put_number(out, x); }

// The article readers may see at `now` where `term` weighs most (BM25;
// equal weights go to the smallest id, through the summary as sort key):
// one match, the same over any sharding, and over shard servers no
// document fetched per posting. None when only hidden articles hold it.
std::optional<Xapian::docid> article_with_term(const Xapian::Database& db, const std::string& term, std::int64_t now) {
  Xapian::Enquire enquire(db);
  enquire.set_query(visible_only(Xapian::Query(term), now));
  enquire.set_weighting_scheme(Xapian::BM25Weight());
  enquire.set_sort_by_relevance_then_value(schema::kSlotSummary, false);
  const Xapian::MSet best = enquire.get_mset(0, 1);
  if (best.empty()) return std::nullopt;
  return *best.begin();
}

// How the article `did`, which holds `term`, writes it: its shortest form
// there ("kazakhstan" rather than "kazakhstan's").
std::string surface_form(const Xapian::Database& db, Analyzer& analyzer, const std::string& term, Xapian::docid did) {
  const Article a = stored_article(article_json_of(db.get_document(did)));
  std::string best;
  for (const std::string* text : {&a.title, &a.lead, &a.body}) {
    analyzer.for_each_token(*text, a.lang, [&](const TokenView& t) {
      if (t.is_subword || t.term != term) return;
      if (best.empty() || t.end - t.begin < best.size()) best = text->substr(t.begin, t.end - t.begin);
    });
  }
  return best.empty() ? term : fold_exact(best);
}

void collect_words(Analyzer& analyzer, const QueryNode& n, const std::optional<std::string>& lang,
                   std::vector<QueryWord>& out) {
  if (n.kind == QueryNode::Kind::Words || n.kind == QueryNode::Kind::Phrase) {
    for (QueryWord w : analyzer.analyze_query(n.text, lang)) {
      w.begin += n.begin;
      w.end += n.begin;
      out.push_back(std::move(w));
    }
  }
  for (const auto& c : n.children)
    if (c.kind != QueryNode::Kind::Not) collect_words(analyzer, c, lang, out);
}

}  // namespace

std::vector<QueryWord> plain_words(Analyzer& analyzer, const QueryNode& root, const std::optional<std::string>& lang) {
  std::vector<QueryWord> out;
  collect_words(analyzer, root, lang, out);
  std::sort(out.begin(), out.end(), [](const QueryWord& a, const QueryWord& b) { return a.begin < b.begin; });
  return out;
}

std::size_t edit_distance(const std::u32string& a, const std::u32string& b, std::size_t limit) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    std::size_t row_min = cur[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
      row_min = std::min(row_min, cur[j]);
    }
    if (row_min > limit) return limit + 1;
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string NearTermsSpy::serialise_results() const {
  std::string out;
  for (const std::string& reading : asked()) {
    std::vector<NearTerm> near;
    if (const Xapian::Database* on = shard()) near_terms(*on, reading, near);
    put_number(out, static_cast<double>(near.size()));
    for (const NearTerm& t : near) {
      wire::put(out, t.term);
      put_number(out, static_cast<double>(t.distance));
      put_number(out, t.freq);
    }
  }
  return out;
}

void NearTermsSpy::merge_results(const std::string& serialised) {
  wire::Reader in(serialised);
  merged_.resize(asked().size());
  for (auto& terms : merged_) {
    for (std::size_t n = in.count(SIZE_MAX); n > 0; --n) {
      std::string term = in.text();
      const std::size_t distance = in.whole(64);
      const auto freq = static_cast<Xapian::doccount>(in.whole(UINT32_MAX));
      NearTerm& t = terms[term];
      t.term = std::move(term);
      t.distance = distance;
      t.freq += freq;
    }
  }
  in.expect_done();
}

std::vector<std::vector<NearTerm>> NearTermsSpy::found() const {
  std::vector<std::vector<NearTerm>> out(asked().size());
  for (std::size_t i = 0; i < merged_.size(); ++i)
    for (const auto& [term, t] : merged_[i]) out[i].push_back(t);
  return out;
}

std::string suggest_spelling(const Xapian::Database& db, Analyzer& analyzer, const TermFreq& freq,
                             const std::string& query, const std::vector<QueryWord>& words, std::int64_t now,
                             bool on_shard_servers) {
  std::string out = query;
  bool changed = false;
  // The words no reading of which is indexed, and their readings in the
  // script typed (a Latin word gets a Latin suggestion), looked up together.
  std::vector<const QueryWord*> unknown;
  std::vector<std::string> readings;
  std::vector<std::size_t> first_reading;  // per unknown word, into readings; then the end
  for (const QueryWord& w : words) {
    if (w.terms.empty() || w.end > query.size() || query.compare(w.begin, w.end - w.begin, w.text) != 0) continue;
    if (std::any_of(w.terms.begin(), w.terms.end(), [&](const std::string& t) { return freq(t) > 0; })) continue;
    unknown.push_back(&w);
    first_reading.push_back(readings.size());
    const Script typed = script_of(w.text);
    for (const auto& t : w.terms)
      if (script_of(t) == typed) readings.push_back(t);
  }
  if (unknown.empty()) return "";
  first_reading.push_back(readings.size());
  const std::vector<std::vector<NearTerm>> near = near_terms_of(db, readings, on_shard_servers);
  // Right to left, so earlier offsets stay valid while replacing.
  for (std::size_t k = unknown.size(); k-- > 0;) {
    const QueryWord& w = *unknown[k];
    std::vector<NearTerm> candidates;
    for (std::size_t r = first_reading[k]; r < first_reading[k + 1]; ++r)
      candidates.insert(candidates.end(), near[r].begin(), near[r].end());
    std::sort(candidates.begin(), candidates.end(), [](const NearTerm& a, const NearTerm& b) {
      return a.distance != b.distance ? a.distance < b.distance : a.freq > b.freq;
    });
    // The nearest that a visible article holds: a withheld, canceled or
    // embargoed article's words are suggested to no one.
    for (std::size_t i = 0; i < std::min<std::size_t>(candidates.size(), kMaxCandidatesTried); ++i) {
      const auto did = article_with_term(db, candidates[i].term, now);
      if (!did) continue;
      out.replace(w.begin, w.end - w.begin, surface_form(db, analyzer, candidates[i].term, *did));
      changed = true;
      break;
    }
  }
  return changed ? out : "";
}

}  // namespace newsidx
