// The text analyzer: one pipeline that turns text of any supported language
// into index terms, used both when indexing and when reading queries.
//
// Pipeline per word: ICU word breaking (dictionary segmentation for Chinese),
// NFKC normalisation and case folding, script folding (Kazakh in Cyrillic,
// both Latin alphabets and the Arabic script folds to one Cyrillic form;
// Uzbek Cyrillic folds to Uzbek Latin), then a stemmer for the language.
//
// Thread safety: an Analyzer is not safe for concurrent use; give each thread
// its own (construction is cheap after the first one in a process).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsidx/export.h"

namespace newsidx {

// One word of a text, with the term it is indexed under.
struct Token {
  std::string term;       // the canonical, stemmed form (the index term)
  std::string skeleton;   // a loose form for informal typing; empty if none
  std::size_t begin = 0;  // byte offsets of the word in the input text
  std::size_t end = 0;
  bool is_subword = false;  // a bigram inside a longer Chinese word
};

// A token handed to a callback: the views are valid during the call only.
struct TokenView {
  std::string_view term;
  std::string_view skeleton;
  std::size_t begin = 0;
  std::size_t end = 0;
  bool is_subword = false;
};

// A stem that a loosely typed Kazakh word may stand for: a skeleton (the
// form of Token::skeleton) and how many letters the endings it lost had.
struct LooseStem {
  std::string skeleton;
  std::size_t stripped = 0;
  bool operator==(const LooseStem& o) const { return skeleton == o.skeleton && stripped == o.stripped; }
};

// One word of a query with every term it may stand for: a query has no
// language, so a Cyrillic word is read as Russian and as Kazakh, a Latin word
// as English, as either Kazakh Latin alphabet and as Uzbek, and so on.
struct QueryWord {
  std::string text;                // the word as typed
  std::vector<std::string> terms;  // exact readings, deduplicated
  std::vector<std::string> loose;  // skeleton readings (rank lower)
  // Stems the word may stand for when typed loosely (informal ASCII, an
  // ending in the wrong harmony): a search keeps, as loose readings, those
  // the index has that lost the fewest letters.
  std::vector<LooseStem> loose_stems;
  std::vector<std::string> unstemmed;  // exact readings before stemming (prefix search, spelling)
  // Each exact reading with its language ("en", "kk", "ru", "uz", "zh", or
  // "" for numbers and other scripts): a phrase is read in one language.
  std::vector<std::pair<std::string, std::string>> by_language;
  // For a Chinese word longer than two characters: its bigrams, which match
  // the word inside longer indexed words.
  std::vector<std::string> bigrams;
  std::size_t begin = 0;
  std::size_t end = 0;
};

class NEWSIDX_EXPORT Analyzer {
 public:
  Analyzer();
  ~Analyzer();
  Analyzer(Analyzer&&) noexcept;
  Analyzer& operator=(Analyzer&&) noexcept;

  // Analyses text written in `lang` (an article language code). Throws
  // InvalidArgument for an unknown language, AnalysisError when ICU fails.
  std::vector<Token> analyze(std::string_view text, std::string_view lang);

  // The same tokens, handed to `f` one at a time without copying (the
  // indexer's path).
  void for_each_token(std::string_view text, std::string_view lang, const std::function<void(const TokenView&)>& f);

  // Analyses query text. With `lang`, words are read in that language only;
  // without, every reading the word's script allows is kept: each edition's,
  // each of `also`'s (codes of stemmed_languages_beyond_editions(), those
  // the index has) for a word of its script, and the word folded only.
  std::vector<QueryWord> analyze_query(std::string_view text, const std::optional<std::string>& lang = std::nullopt,
                                       const std::vector<std::string>& also = {});

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The languages beyond the editions whose words have a stemmer: Kyrgyz (the
// engine's own) and each language Xapian has a Snowball stemmer for, by
// ISO 639-1 code, sorted. Words of any other language are folded only.
NEWSIDX_EXPORT const std::vector<std::string>& stemmed_languages_beyond_editions();

// Kazakh text in another script: "Latn" (the 2021 Latin alphabet) from
// Cyrillic or the Arabic script, "Cyrl" from that alphabet or the Arabic
// script, "Arab" (töte jazuw) from Cyrillic (convert a Latin text to
// "Cyrl" first: Latin words in Cyrillic text are foreign names). Letters
// of other scripts pass through. The letters without a one-to-one mapping are listed in README.md
// ("Kazakh in any script"). Throws InvalidArgument for another script.
NEWSIDX_EXPORT std::string kazakh_in_script(std::string_view text, std::string_view script);

}  // namespace newsidx
