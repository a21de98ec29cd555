#include "query/query_builder.h"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include "analysis/fold.h"
#include "index/schema.h"
#include "newsidx/article.h"

namespace newsidx {
namespace {

using Kind = QueryNode::Kind;
using Q = Xapian::Query;

Q synonym(const std::vector<Q>& parts) {
  return parts.size() == 1 ? parts[0] : Q(Q::OP_SYNONYM, parts.begin(), parts.end());
}

Q exact_word(const QueryWord& w) {
  std::vector<Q> parts;
  for (const auto& t : w.terms) parts.emplace_back(t);
  return synonym(parts);
}

class Compiler {
 public:
  Compiler(Analyzer& analyzer, const std::optional<std::string>& lang, Combine combine, const TermFreq& freq,
           const FrequentWords& frequent, const PrefixTerms& prefix_terms, const Proximity& proximity)
      : analyzer_(analyzer),
        lang_(lang),
        combine_(combine),
        freq_(freq),
        frequent_(frequent),
        prefix_terms_(prefix_terms),
        proximity_(proximity),
        also_(languages_held(lang, freq)) {}

  // Without an edition, the stemmed languages beyond the editions that some
  // article is in: a word of their script is read in each of them too.
  static std::vector<std::string> languages_held(const std::optional<std::string>& lang, const TermFreq& freq) {
    std::vector<std::string> held;
    if (lang || !freq) return held;
    for (const std::string& code : stemmed_languages_beyond_editions())
      if (freq(schema::kLang + code) > 0) held.push_back(code);
    return held;
  }

  CompiledQuery run(const QueryNode& root) {
    out_.query = node(root, /*top=*/true, /*negated=*/false);
    auto plain = [](const QueryNode& n) { return n.kind == Kind::Words && n.field.empty(); };
    out_.words_only = plain(root) || (root.kind == Kind::And && !root.children.empty() &&
                                      std::all_of(root.children.begin(), root.children.end(), plain));
    return std::move(out_);
  }

 private:
  // Returns the query for a node; an empty Query means "matches anything"
  // (a clause that reads to no words, such as punctuation).
  Q node(const QueryNode& n, bool top, bool negated) {
    switch (n.kind) {
      case Kind::Words: return words(n, top, negated);
      case Kind::Phrase: return phrase(n, top, negated);
      case Kind::Prefix: return prefix(n);
      case Kind::Filter: return filter(n);
      case Kind::Date: return date(n);
      case Kind::Not: return node(n.children[0], top, !negated);
      case Kind::Or: {
        std::vector<Q> parts;
        std::set<std::string> prefixes;
        for (const auto& c : n.children) {
          if (repeated_prefix(c, prefixes)) continue;
          Q q = node(c, false, negated);  // an OR is already any-words
          if (!q.empty()) parts.push_back(q);
        }
        if (!parts.empty()) out_.ranks = true;
        return Q(Q::OP_OR, parts.begin(), parts.end());
      }
      case Kind::And: return conjunction(n, top, negated);
    }
    return Q();
  }

  // A word* already among its siblings (ignoring negation: "a* -a*" keeps
  // both). Each copy would be one more OR of up to kMaxPrefixTerms
  // postings for Xapian to walk in step: 340 copies of "a*" took 16 s.
  static bool repeated_prefix(const QueryNode& n, std::set<std::string>& seen) {
    return n.kind == Kind::Prefix && !seen.insert(n.field + ":" + n.text).second;
  }

  // Top-level words are gathered and combined by top_level(), so that the
  // words of every clause are weighed against each other.
  Q conjunction(const QueryNode& n, bool top, bool negated) {
    std::vector<Q> ranked, filters, excluded;
    std::vector<QueryWord> top_words;
    std::set<std::string> prefixes;
    for (const auto& c : n.children) {
      if (repeated_prefix(c, prefixes)) continue;
      if (c.kind == Kind::Not) {
        // A negated title clause is checked per document, not excluded here.
        const QueryNode& inner = c.children[0];
        const bool title = inner.field == "title" && top && !negated;
        Q q = node(inner, top, !negated);
        if (!q.empty() && !title) excluded.push_back(q);
        continue;
      }
      if (c.kind == Kind::Words && top && !negated) {
        auto ws = top_level_words(c);
        top_words.insert(top_words.end(), ws.begin(), ws.end());
        continue;
      }
      Q q = node(c, top, negated);
      if (q.empty()) continue;
      (c.kind == Kind::Filter || c.kind == Kind::Date ? filters : ranked).push_back(q);
    }
    Q result;
    if (!top_words.empty()) {
      result = top_level(top_words, ranked);
    } else if (!ranked.empty()) {
      out_.ranks = true;
      const bool any = top && !negated && combine_ != Combine::All;
      result = Q(any ? Q::OP_OR : Q::OP_AND, ranked.begin(), ranked.end());
    }
    if (!filters.empty()) {
      Q f(Q::OP_AND, filters.begin(), filters.end());
      result = result.empty() ? f : Q(Q::OP_FILTER, result, f);
    }
    if (!excluded.empty()) {
      if (result.empty()) result = Q::MatchAll;
      result = Q(Q::OP_AND_NOT, result, Q(Q::OP_OR, excluded.begin(), excluded.end()));
    }
    return result;
  }

  Q words(const QueryNode& n, bool top, bool negated) {
    if (top && !negated) {
      const auto ws = top_level_words(n);
      return ws.empty() ? Q() : top_level(ws, {});
    }
    const auto ws = analyze(n.text);
    if (ws.empty()) return Q();
    note(ws, n, top, negated);
    std::vector<Q> parts;
    for (const auto& w : ws) parts.push_back(word_query(w));
    // One typed token that breaks into several words ("Qasym-Jomart",
    // "宪法公投"), or a malformed query read as plain words.
    return Q(Q::OP_AND, parts.begin(), parts.end());
  }

  std::vector<QueryWord> top_level_words(const QueryNode& n) {
    auto ws = analyze(n.text);
    if (ws.empty()) return ws;
    note(ws, n, /*top=*/true, /*negated=*/false);
    out_.ranked_words += ws.size();
    return ws;
  }

  // The top-level words with the other ranked clauses beside them.
  Q top_level(const std::vector<QueryWord>& ws, std::vector<Q> parts) {
    out_.ranks = true;
    if (combine_ == Combine::All) {
      add_required(ws, parts);
      return with_proximity(Q(Q::OP_AND, parts.begin(), parts.end()), ws);
    }
    std::vector<QueryWord> chosen = relaxed_words(ws);
    if (combine_ == Combine::Relaxed) chosen = rarest(std::move(chosen), kRelaxedWords);
    for (const auto& w : chosen) parts.push_back(word_query(w));
    return with_proximity(Q(Q::OP_OR, parts.begin(), parts.end()), ws);
  }

  // `matches` ranked higher where adjacent words of `ws` stand close (Proximity).
  Q with_proximity(Q matches, const std::vector<QueryWord>& ws) const {
    if (!(proximity_.weight > 0) || ws.size() < 2) return matches;
    std::vector<Q> pairs;
    for (std::size_t i = 0; i + 1 < ws.size() && pairs.size() < kMaxProximityPairs; ++i) {
      if (!pairs_well(ws[i]) || !pairs_well(ws[i + 1])) continue;
      const Q near[] = {any_term(ws[i]), any_term(ws[i + 1])};
      pairs.emplace_back(Q::OP_SCALE_WEIGHT, Q(Q::OP_PHRASE, std::begin(near), std::end(near), proximity_.window),
                         proximity_.weight);
    }
    if (pairs.empty()) return matches;
    return Q(Q::OP_AND_MAYBE, matches, Q(Q::OP_OR, pairs.begin(), pairs.end()));
  }

  bool pairs_well(const QueryWord& w) const {
    return !w.terms.empty() && (!freq_ || frequency(w) < proximity_.max_share * proximity_.articles);
  }

  // A word's exact readings as OP_PHRASE takes them: terms under OP_OR.
  static Q any_term(const QueryWord& w) { return Q(Q::OP_OR, w.terms.begin(), w.terms.end()); }

  // The words a relaxed query ranks by: the frequent ones are left out when
  // rarer ones remain (an OR over "и" or "下" matches half the index and
  // its best results are those with the rarer words anyway).
  std::vector<QueryWord> relaxed_words(const std::vector<QueryWord>& ws) const {
    if (combine_ != Combine::Relaxed || frequent_.from == 0 || !freq_) return ws;
    std::vector<QueryWord> rare;
    for (const auto& w : ws)
      if (const auto f = frequency(w); f > 0 && f < frequent_.from) rare.push_back(w);
    return rare.empty() ? ws : rare;
  }

  // The `keep` words in fewest articles, in query order. Chosen here by the
  // frequencies of the whole index, not by OP_ELITE_SET, which chooses on
  // each shard by that shard's statistics.
  std::vector<QueryWord> rarest(std::vector<QueryWord> ws, std::size_t keep) const {
    if (ws.size() <= keep || !freq_) {
      if (ws.size() > keep) ws.resize(keep);
      return ws;
    }
    std::vector<std::pair<Xapian::doccount, std::size_t>> order;
    for (std::size_t i = 0; i < ws.size(); ++i) order.emplace_back(frequency(ws[i]), i);
    std::stable_sort(order.begin(), order.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
    std::vector<bool> kept(ws.size(), false);
    for (std::size_t i = 0; i < keep; ++i) kept[order[i].second] = true;
    std::vector<QueryWord> out;
    for (std::size_t i = 0; i < ws.size(); ++i)
      if (kept[i]) out.push_back(std::move(ws[i]));
    return out;
  }

  // Required words: frequent ones as filters, the others ranked.
  void add_required(const std::vector<QueryWord>& ws, std::vector<Q>& parts) {
    std::vector<Xapian::doccount> freqs(ws.size(), 0);
    std::vector<bool> as_filter(ws.size(), false);
    if (frequent_.from > 0 && freq_) {
      for (std::size_t i = 0; i < ws.size(); ++i) {
        freqs[i] = frequency(ws[i]);
        as_filter[i] = freqs[i] >= frequent_.from;
      }
      if (parts.empty() && std::all_of(as_filter.begin(), as_filter.end(), [](bool f) { return f; }))
        as_filter[std::min_element(freqs.begin(), freqs.end()) - freqs.begin()] = false;
    }
    std::vector<QueryWord> filtered;
    for (std::size_t i = 0; i < ws.size(); ++i) {
      if (as_filter[i]) filtered.push_back(ws[i]);
      else parts.push_back(word_query(ws[i]));
    }
    if (filtered.empty()) return;
    if (frequent_.bitmap) {
      parts.emplace_back((new BitmapSource(frequent_.bitmap(filtered), frequent_.all_uuids))->release());
      return;
    }
    // Over shard servers: the bitmaps are made on the shards.
    parts.emplace_back((new FrequentWordsSource(std::move(filtered)))->release());
  }

  // About how many articles a word matches: the sum over its readings.
  Xapian::doccount frequency(const QueryWord& w) const {
    Xapian::doccount n = 0;
    for (const auto& t : w.terms) n += freq_(t);
    for (const auto& t : w.loose) n += freq_(schema::kSkeleton + t);
    Xapian::doccount bigrams = 0;
    for (const auto& t : w.bigrams) bigrams = bigrams == 0 ? freq_(t) : std::min(bigrams, freq_(t));
    return n + bigrams;
  }

  Q phrase(const QueryNode& n, bool top, bool negated) {
    const auto ws = analyze(n.text);
    if (ws.empty()) return Q();
    note(ws, n, top, negated);
    if (ws.size() == 1) return exact_word(ws[0]);
    return phrase_readings(ws);
  }

  // A phrase is read in one language at a time: for each language all its
  // words can be read in (numbers fit any), the phrase of those readings.
  // Xapian's OP_PHRASE takes terms only, so a word with two readings in one
  // language (the two Kazakh Latin alphabets) makes two phrases.
  static Q phrase_readings(const std::vector<QueryWord>& ws) {
    std::set<std::string> languages;
    for (const auto& w : ws)
      for (const auto& [language, _] : w.by_language)
        if (!language.empty()) languages.insert(language);
    if (languages.empty()) languages.insert("");
    std::set<std::vector<std::string>> phrases;
    for (const auto& language : languages) {
      std::vector<std::vector<std::string>> combos{{}};
      for (const auto& w : ws) {
        std::vector<std::vector<std::string>> next;
        for (const auto& combo : combos)
          for (const auto& [l, term] : w.by_language)
            if ((l == language || l.empty()) && next.size() < kMaxPhraseReadings) {
              next.push_back(combo);
              next.back().push_back(term);
            }
        combos = std::move(next);
      }
      phrases.insert(combos.begin(), combos.end());
    }
    std::vector<Q> parts;
    for (const auto& terms : phrases)
      parts.emplace_back(Q::OP_PHRASE, terms.begin(), terms.end(), static_cast<Xapian::termcount>(terms.size()));
    return Q(Q::OP_OR, parts.begin(), parts.end());
  }

  Q prefix(const QueryNode& n) {
    if (const auto seen = prefixes_.find(n.text); seen != prefixes_.end()) return seen->second;
    const auto ws = analyzer_.analyze_query(n.text, lang_, also_);
    if (ws.empty()) return Q();
    std::vector<Q> parts;
    for (std::size_t i = 0; i + 1 < ws.size(); ++i) parts.push_back(word_query(ws[i]));
    if (prefixes_.size() < kMaxPrefixes) {
      std::vector<Q> expansions;
      for (const auto& form : ws.back().unstemmed) {
        if (!prefix_terms_) {
          expansions.emplace_back(Q::OP_WILDCARD, form, kMaxPrefixTerms, Q::WILDCARD_LIMIT_MOST_FREQUENT,
                                  Q::OP_SYNONYM);
          continue;
        }
        const auto terms = prefix_terms_(form, kMaxPrefixTerms);
        if (!terms.empty()) expansions.emplace_back(Q::OP_SYNONYM, terms.begin(), terms.end());
      }
      parts.push_back(synonym(expansions));
    } else {
      parts.push_back(word_query(ws.back()));
    }
    out_.positive.insert(out_.positive.end(), ws.begin(), ws.end());
    const Q q = parts.size() == 1 ? parts[0] : Q(Q::OP_AND, parts.begin(), parts.end());
    if (prefixes_.size() < kMaxPrefixes) prefixes_.emplace(n.text, q);
    return q;
  }

  Q filter(const QueryNode& n) { return Q(filter_term(n.field, n.text)); }

  Q date(const QueryNode& n) {
    const std::string from = n.from ? Xapian::sortable_serialise(static_cast<double>(*n.from)) : "";
    const std::string to = n.to ? Xapian::sortable_serialise(static_cast<double>(*n.to)) : "";
    if (!n.to) return Q(Q::OP_VALUE_GE, schema::kSlotPublished, from);
    if (!n.from) return Q(Q::OP_VALUE_LE, schema::kSlotPublished, to);
    return Q(Q::OP_VALUE_RANGE, schema::kSlotPublished, from, to);
  }

  // Records what the words ask for: title clauses and highlighting.
  void note(const std::vector<QueryWord>& ws, const QueryNode& n, bool top, bool negated) {
    if (!negated) out_.positive.insert(out_.positive.end(), ws.begin(), ws.end());
    if (n.field != "title" || !top) return;
    TitleClause clause;
    clause.negated = negated;
    for (const auto& w : ws) clause.words.push_back(w.terms);
    out_.title.push_back(std::move(clause));
  }

  // The query's words with the readings the index has no article for left
  // out. A word none of whose readings is indexed keeps one, so that an
  // all-words query still finds nothing (and may be relaxed).
  std::vector<QueryWord> analyze(const std::string& text) {
    std::vector<QueryWord> ws = analyzer_.analyze_query(text, lang_, also_);
    if (!freq_) return ws;
    for (QueryWord& w : ws) {
      const std::string fallback = w.terms.empty() ? std::string() : w.terms[0];
      auto drop = [&](std::vector<std::string>& v, const std::string& prefix) {
        v.erase(std::remove_if(v.begin(), v.end(), [&](const std::string& t) { return freq_(prefix + t) == 0; }),
                v.end());
      };
      drop(w.terms, "");
      drop(w.bigrams, "");
      drop(w.loose, schema::kSkeleton);
      add_loose_stems(w);
      w.by_language.erase(std::remove_if(w.by_language.begin(), w.by_language.end(),
                                         [&](const auto& r) { return freq_(r.second) == 0; }),
                          w.by_language.end());
      if (w.terms.empty() && w.bigrams.empty() && w.loose.empty() && !fallback.empty()) {
        w.terms.push_back(fallback);
        w.by_language.emplace_back("", fallback);
      }
    }
    return ws;
  }

  // The word's loose stems that the index has and that lost the fewest
  // letters, as loose readings: "Almatyga" reads as Алматы, not as алма.
  // Every candidate's frequency is asked for, so that a prefetch sees all.
  void add_loose_stems(QueryWord& w) const {
    std::vector<bool> indexed(w.loose_stems.size());
    std::size_t fewest = std::numeric_limits<std::size_t>::max();
    for (std::size_t i = 0; i < w.loose_stems.size(); ++i) {
      indexed[i] = freq_(schema::kSkeleton + w.loose_stems[i].skeleton) > 0;
      if (indexed[i]) fewest = std::min(fewest, w.loose_stems[i].stripped);
    }
    for (std::size_t i = 0; i < w.loose_stems.size(); ++i)
      if (indexed[i] && w.loose_stems[i].stripped == fewest &&
          std::find(w.loose.begin(), w.loose.end(), w.loose_stems[i].skeleton) == w.loose.end())
        w.loose.push_back(w.loose_stems[i].skeleton);
  }

  Analyzer& analyzer_;

  std::map<std::string, Q> prefixes_;  // word* text -> its query, expanded once
  const std::optional<std::string>& lang_;
  Combine combine_;
  const TermFreq& freq_;
  const FrequentWords& frequent_;
  const PrefixTerms& prefix_terms_;
  const Proximity& proximity_;
  const std::vector<std::string> also_;
  CompiledQuery out_;
};

}  // namespace

Q word_query(const QueryWord& word) {
  std::vector<Q> exact;
  for (const auto& t : word.terms) exact.emplace_back(t);
  if (!word.bigrams.empty()) {
    std::vector<Q> parts(word.bigrams.begin(), word.bigrams.end());
    exact.emplace_back(Q::OP_AND, parts.begin(), parts.end());
  }
  Q q = synonym(exact);
  if (word.loose.empty()) return q;
  std::vector<Q> loose;
  for (const auto& s : word.loose) loose.emplace_back(schema::kSkeleton + s);
  return Q(Q::OP_OR, q, Q(Q::OP_SCALE_WEIGHT, synonym(loose), kLooseWeight));
}

CompiledQuery compile_query(const QueryNode& root, Analyzer& analyzer, const std::optional<std::string>& lang,
                            Combine combine, const TermFreq& freq, const FrequentWords& frequent,
                            const PrefixTerms& prefix_terms, const Proximity& proximity) {
  return Compiler(analyzer, lang, combine, freq, frequent, prefix_terms, proximity).run(root);
}

std::vector<std::string> most_frequent_with_prefix(const Xapian::Database& db, const std::string& prefix,
                                                   std::size_t max) {
  std::vector<std::pair<Xapian::doccount, std::string>> found;
  for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) found.emplace_back(t.get_termfreq(), *t);
  auto more_frequent = [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  };
  if (found.size() > max) {
    std::partial_sort(found.begin(), found.begin() + static_cast<std::ptrdiff_t>(max), found.end(), more_frequent);
    found.resize(max);
  }
  std::vector<std::string> terms;
  for (auto& f : found) terms.push_back(std::move(f.second));
  std::sort(terms.begin(), terms.end());
  return terms;
}

std::string filter_term(const std::string& field, const std::string& value) {
  if (field == "lang") return schema::kLang + base_language(value);
  const char* prefix = field == "tag" ? schema::kTag : field == "category" ? schema::kCategory : schema::kAuthor;
  return schema::boolean_term(prefix, fold_exact(value));
}

}  // namespace newsidx
