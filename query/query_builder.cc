#include "query/query_builder.h"

#include <algorithm>
#include <set>

#include "analysis/fold.h"
#include "indexer/schema.h"
#include "newsidx/article.h"

namespace newsidx {
namespace {

using Kind = QueryNode::Kind;
using Q = Xapian::Query;

Q synonym(const std::vector<Q>& parts) { return parts.size() == 1 ? parts[0] : Q(Q::OP_SYNONYM, parts.begin(), parts.end()); }

Q exact_word(const QueryWord& w) {
  std::vector<Q> parts;
  for (const auto& t : w.terms) parts.emplace_back(t);
  return synonym(parts);
}

class Compiler {
 public:
  Compiler(Analyzer& analyzer, const std::optional<std::string>& lang, const TermExists& exists)
      : analyzer_(analyzer), lang_(lang), exists_(exists) {}

  CompiledQuery run(const QueryNode& root, bool any) {
    root_ = &root;
    out_.query = node(root, /*top=*/true, any, /*negated=*/false);
    return std::move(out_);
  }

 private:
  // Returns the query for a node; an empty Query means "matches anything"
  // (a clause that reads to no words, such as punctuation).
  Q node(const QueryNode& n, bool top, bool any, bool negated) {
    switch (n.kind) {
      case Kind::Words: return words(n, top, any, negated);
      case Kind::Phrase: return phrase(n, top, negated);
      case Kind::Prefix: return prefix(n);
      case Kind::Filter: return filter(n);
      case Kind::Date: return date(n);
      case Kind::Not: return node(n.children[0], top, false, !negated);
      case Kind::Or: {
        std::vector<Q> parts;
        for (const auto& c : n.children) {
          Q q = node(c, false, false, negated);  // an OR is already any-words
          if (!q.empty()) parts.push_back(q);
        }
        if (!parts.empty()) out_.ranks = true;
        return Q(Q::OP_OR, parts.begin(), parts.end());
      }
      case Kind::And: return conjunction(n, top, any, negated);
    }
    return Q();
  }

  Q conjunction(const QueryNode& n, bool top, bool any, bool negated) {
    std::vector<Q> ranked, filters, excluded;
    for (const auto& c : n.children) {
      if (c.kind == Kind::Not) {
        // A negated title clause is checked per document, not excluded here.
        const QueryNode& inner = c.children[0];
        const bool title = inner.field == "title" && top && !negated;
        Q q = node(inner, top, false, !negated);
        if (!q.empty() && !title) excluded.push_back(q);
        continue;
      }
      Q q = node(c, top, any, negated);
      if (q.empty()) continue;
      (c.kind == Kind::Filter || c.kind == Kind::Date ? filters : ranked).push_back(q);
    }
    Q result;
    if (!ranked.empty()) {
      out_.ranks = true;
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

  Q words(const QueryNode& n, bool top, bool any, bool negated) {
    const auto ws = analyze(n.text);
    if (ws.empty()) return Q();
    note(ws, n, top, negated);
    if (top && !negated) out_.ranked_words += ws.size();
    std::vector<Q> parts;
    for (const auto& w : ws) parts.push_back(word_query(w));
    if (parts.size() == 1) return parts[0];
    // One typed token that breaks into several words ("Qasym-Jomart",
    // "宪法公投"), or a malformed query read as plain words.
    return Q(any ? Q::OP_OR : Q::OP_AND, parts.begin(), parts.end());
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
    const auto ws = analyzer_.analyze_query(n.text, lang_);
    if (ws.empty()) return Q();
    std::vector<Q> parts;
    for (std::size_t i = 0; i + 1 < ws.size(); ++i) parts.push_back(word_query(ws[i]));
    std::vector<Q> expansions;
    for (const auto& form : ws.back().unstemmed)
      expansions.emplace_back(Q::OP_WILDCARD, form, kMaxPrefixTerms, Q::WILDCARD_LIMIT_MOST_FREQUENT, Q::OP_SYNONYM);
    parts.push_back(synonym(expansions));
    out_.positive.insert(out_.positive.end(), ws.begin(), ws.end());
    return parts.size() == 1 ? parts[0] : Q(Q::OP_AND, parts.begin(), parts.end());
  }

  Q filter(const QueryNode& n) {
    if (n.field == "lang") return Q(schema::kLang + base_language(n.text));
    const char* prefix = n.field == "tag" ? schema::kTag : n.field == "category" ? schema::kCategory : schema::kAuthor;
    std::string term = prefix + fold_exact(n.text);
    if (term.size() > 240) term.resize(240);
    return Q(term);
  }

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
    std::vector<QueryWord> ws = analyzer_.analyze_query(text, lang_);
    if (!exists_) return ws;
    for (QueryWord& w : ws) {
      const std::string fallback = w.terms.empty() ? std::string() : w.terms[0];
      auto drop = [&](std::vector<std::string>& v, const std::string& prefix) {
        v.erase(std::remove_if(v.begin(), v.end(), [&](const std::string& t) { return !exists_(prefix + t); }), v.end());
      };
      drop(w.terms, "");
      drop(w.bigrams, "");
      drop(w.loose, schema::kSkeleton);
      w.by_language.erase(std::remove_if(w.by_language.begin(), w.by_language.end(),
                                         [&](const auto& r) { return !exists_(r.second); }),
                          w.by_language.end());
      if (w.terms.empty() && w.bigrams.empty() && w.loose.empty() && !fallback.empty()) {
        w.terms.push_back(fallback);
        w.by_language.emplace_back("", fallback);
      }
    }
    return ws;
  }

  Analyzer& analyzer_;
  const std::optional<std::string>& lang_;
  const TermExists& exists_;
  const QueryNode* root_ = nullptr;
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
                            bool any, const TermExists& exists) {
  return Compiler(analyzer, lang, exists).run(root, any);
}

}  // namespace newsidx
