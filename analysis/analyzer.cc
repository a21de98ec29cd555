#include "newsidx/analyzer.h"

#include <algorithm>

#include <unicode/brkiter.h>
#include <unicode/normalizer2.h>
#include <unicode/utext.h>
#include <xapian.h>

#include "analysis/completion_keys.h"
#include "analysis/kazakh.h"
#include "analysis/kyrgyz.h"
#include "analysis/languages.h"
#include "analysis/script.h"
#include "analysis/translit.h"
#include "analysis/uzbek.h"
#include "analysis/word_cache.h"
#include "newsidx/errors.h"

namespace newsidx {
namespace {

// Terms longer than this are noise (base64, URLs) and Xapian caps terms at
// 245 bytes.
constexpr std::size_t kMaxTermBytes = 100;
// The reading cache is dropped when it grows past this many words (about
// 40 MB: an analyzer lives in every searching thread).
constexpr std::size_t kMaxCachedWords = 1 << 18;

void check(UErrorCode status, const char* what) {
  if (U_FAILURE(status)) throw AnalysisError(std::string(what) + ": " + u_errorName(status));
}

const icu::BreakIterator& word_breaker_prototype() {
  static const std::unique_ptr<icu::BreakIterator> prototype = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> bi(icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    check(status, "ICU word break iterator");
    return bi;
  }();
  return *prototype;
}

const char* reading_language(Reading r) {
  switch (r) {
    case Reading::Russian: return "ru";
    case Reading::English: return "en";
    case Reading::Uzbek:
    case Reading::UzbekCyrillic: return "uz";
    case Reading::Chinese: return "zh";
    case Reading::Kyrgyz: return "ky";
    case Reading::Plain: return "";
    default: {
      const SnowballStemmer* snowball = snowball_stemmer_of(r);
      return snowball ? snowball->code : "kk";
    }
  }
}

bool is_kazakh(Reading r) {
  return r == Reading::KazakhCyrillic || r == Reading::KazakhQz || r == Reading::Kazakh2021 ||
         r == Reading::KazakhArabic || r == Reading::KazakhInformal;
}

void add_unique(std::vector<std::string>& list, const std::string& s) {
  if (!s.empty() && std::find(list.begin(), list.end(), s) == list.end()) list.push_back(s);
}

// The Kazakh Latin alphabet that the words of a text in `language` which
// fit both are read in: the one the text mostly uses.
kazakh::Alphabet latin_default_of(const Language& language, std::string_view text) {
  return language.family == Family::KazakhLatin ? kazakh::dominant_latin_alphabet(text) : kazakh::Alphabet::LatinQz;
}

// Byte offsets of each code point boundary in valid UTF-8.
std::vector<std::size_t> char_starts(std::string_view s) {
  std::vector<std::size_t> starts;
  for (std::size_t i = 0; i < s.size(); ++i)
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(s.size());
  return starts;
}

}  // namespace

// The analyzer's state and steps; Analyzer::Impl is one, and
// kazakh_to_canonical uses one of its own.
struct AnalyzerCore {
  struct WordReading {
    std::string term;
    std::string skeleton;   // set for Kazakh readings only
    std::string canonical;  // folded, unstemmed: spelling and prefix searches
  };

  std::unique_ptr<icu::BreakIterator> breaker{word_breaker_prototype().clone()};
  UText* utext = nullptr;
  const icu::Normalizer2* fold = nullptr;
  Translit kk_cyrillic{"newsidx-kk-canonical", kazakh::kCyrillicRules};
  Translit kk_qz{"newsidx-kk-Latn-qz", kazakh::kLatinQzRules};
  Translit kk_2021{"newsidx-kk-Latn-2021", kazakh::kLatin2021Rules};
  Translit kk_arabic_back{"newsidx-kk-Arab-back", kazakh::kArabicBackRules};
  Translit kk_arabic_front{"newsidx-kk-Arab-front", kazakh::kArabicFrontRules};
  Translit kk_informal{"newsidx-kk-informal", kazakh::kInformalRules};
  Translit kk_skeleton{"newsidx-kk-skeleton", kazakh::kSkeletonRules};
  Translit uz_cyrillic{"newsidx-uz-Cyrl", uzbek::kCyrillicRules};
  Translit uz_latin{"newsidx-uz-Latn", uzbek::kLatinRules};
  Xapian::Stem russian{"russian"};
  Xapian::Stem english{"english"};
  std::vector<Xapian::Stem> snowball{snowball_stemmers().size()};  // each made when first used
  WordCache<WordReading> cache{kMaxCachedWords};
  std::string key;

  AnalyzerCore() {
    if (!breaker) throw AnalysisError("cannot clone the ICU word break iterator");
    UErrorCode status = U_ZERO_ERROR;
    fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
    check(status, "ICU NFKC_Casefold normaliser");
  }
  ~AnalyzerCore() { utext_close(utext); }

  // Calls f(begin, end) for every word of text (skipping spaces and
  // punctuation), in order.
  template <class F>
  void for_each_word(std::string_view text, F&& f) {
    UErrorCode status = U_ZERO_ERROR;
    utext = utext_openUTF8(utext, text.data(), static_cast<int64_t>(text.size()), &status);
    check(status, "ICU UText");
    breaker->setText(utext, status);
    check(status, "ICU word break iterator");
    int32_t start = breaker->first();
    for (int32_t end = breaker->next(); end != icu::BreakIterator::DONE; start = end, end = breaker->next()) {
      if (breaker->getRuleStatus() < UBRK_WORD_NONE_LIMIT) continue;
      // UAX #29 keeps "foo:bar" one word (the colon is MidLetter for
      // Swedish); in news text it separates words.
      std::size_t from = static_cast<std::size_t>(start);
      const std::size_t to = static_cast<std::size_t>(end);
      if (breaker->getRuleStatus() >= UBRK_WORD_LETTER) {
        for (std::size_t colon = text.find(':', from); colon < to; colon = text.find(':', from)) {
          if (colon > from) f(from, colon);
          from = colon + 1;
        }
      }
      if (from < to) f(from, to);
    }
  }

  const WordReading& read(Reading r, std::string_view word) {
    key.assign(1, static_cast<char>(r));
    key.append(word);
    return cache.get(key, [&] { return compute(r, word); });
  }

  // The word folded to its language's canonical form, before stemming.
  icu::UnicodeString canonical(Reading r, std::string_view word) {
    icu::UnicodeString text =
        icu::UnicodeString::fromUTF8(icu::StringPiece(word.data(), static_cast<int32_t>(word.size())));
    // In the 2021 alphabet capital I is і, whose lower case is ı, not i.
    if (r == Reading::Kazakh2021) text.findAndReplace(u"I", u"ı");
    UErrorCode status = U_ZERO_ERROR;
    icu::UnicodeString folded = fold->normalize(text, status);
    check(status, "NFKC_Casefold");
    folded.findAndReplace(u"\u0307", u"");  // the dot of İ after folding
    switch (r) {
      case Reading::Russian: folded.findAndReplace(u"ё", u"е"); break;
      case Reading::English: folded.findAndReplace(u"\u2019", u"'"); break;
      case Reading::KazakhCyrillic: kk_cyrillic.apply(folded); break;
      case Reading::KazakhQz:
        kk_qz.apply(folded);
        kk_cyrillic.apply(folded);
        break;
      case Reading::Kazakh2021:
        kk_2021.apply(folded);
        kk_cyrillic.apply(folded);
        break;
      case Reading::KazakhArabic:
        kazakh::arabic_variants_to_standard(folded);
        (kazakh::arabic_word_is_front(folded) ? kk_arabic_front : kk_arabic_back).apply(folded);
        break;
      case Reading::KazakhInformal: kk_informal.apply(folded); break;
      case Reading::Uzbek: uz_latin.apply(folded); break;
      case Reading::UzbekCyrillic:
        uz_cyrillic.apply(folded);
        uz_latin.apply(folded);
        break;
      case Reading::Kyrgyz: folded.findAndReplace(u"ё", u"е"); break;
      default: break;
    }
    return folded;
  }

  std::string snowball_stem(const SnowballStemmer& stemmer, const std::string& word) {
    Xapian::Stem& stem = snowball[static_cast<std::size_t>(&stemmer - snowball_stemmers().data())];
    if (stem.is_none()) stem = Xapian::Stem(stemmer.name);
    return stem(word);
  }

  std::string skeleton_of(const std::string& kazakh_canonical) {
    icu::UnicodeString skeleton = icu::UnicodeString::fromUTF8(kazakh_canonical);
    kk_skeleton.apply(skeleton);
    return to_utf8(skeleton);
  }

  WordReading compute(Reading r, std::string_view word) {
    std::string folded = to_utf8(canonical(r, word));
    WordReading out;
    if (r == Reading::Russian) out.term = russian(folded);
    else if (r == Reading::English) out.term = english(folded);
    else if (is_kazakh(r)) out.term = kazakh_stem(folded);
    else if (r == Reading::Kyrgyz) out.term = kyrgyz_stem(folded);
    else if (const SnowballStemmer* stemmer = snowball_stemmer_of(r)) out.term = snowball_stem(*stemmer, folded);
    else out.term = folded;
    if (is_kazakh(r)) out.skeleton = skeleton_of(out.term);
    out.canonical = std::move(folded);
    if (out.term.size() > kMaxTermBytes) out = WordReading{};
    return out;
  }
};

struct Analyzer::Impl : AnalyzerCore {};

Analyzer::Analyzer() : impl_(std::make_unique<Impl>()) {}
Analyzer::~Analyzer() = default;
Analyzer::Analyzer(Analyzer&&) noexcept = default;
Analyzer& Analyzer::operator=(Analyzer&&) noexcept = default;

void Analyzer::for_each_token(std::string_view text, std::string_view lang,
                              const std::function<void(const TokenView&)>& f) {
  const Language language = parse_language(lang);
  const kazakh::Alphabet latin_default = latin_default_of(language, text);
  impl_->for_each_word(text, [&](std::size_t begin, std::size_t end) {
    const std::string_view word = text.substr(begin, end - begin);
    const Script script = script_of(word);
    const auto& reading = impl_->read(index_reading(language, script, word, latin_default), word);
    if (reading.term.empty()) return;
    f(TokenView{reading.term, reading.skeleton, begin, end, false});
    if (script != Script::Han || code_points(word) < 3) return;
    const auto starts = char_starts(word);
    for (std::size_t i = 0; i + 2 < starts.size(); ++i) {
      const std::string_view bigram = word.substr(starts[i], starts[i + 2] - starts[i]);
      f(TokenView{impl_->read(Reading::Chinese, bigram).term, {}, begin + starts[i], begin + starts[i + 2], true});
    }
  });
}

std::vector<Token> Analyzer::analyze(std::string_view text, std::string_view lang) {
  std::vector<Token> tokens;
  for_each_token(text, lang, [&](const TokenView& t) {
    tokens.push_back(Token{std::string(t.term), std::string(t.skeleton), t.begin, t.end, t.is_subword});
  });
  return tokens;
}

std::vector<QueryWord> Analyzer::analyze_query(std::string_view text, const std::optional<std::string>& lang,
                                               const std::vector<std::string>& also) {
  std::optional<Language> language;
  if (lang) language = parse_language(*lang);
  std::vector<Language> also_languages;
  if (!lang)
    for (const std::string& code : also) also_languages.push_back(parse_language(code));
  std::vector<QueryWord> words;
  impl_->for_each_word(text, [&](std::size_t begin, std::size_t end) {
    const std::string_view word = text.substr(begin, end - begin);
    const Script script = script_of(word);
    QueryWord qw;
    qw.text = std::string(word);
    qw.begin = begin;
    qw.end = end;
    for (Reading r : query_readings(language, script, word, also_languages)) {
      const auto& reading = impl_->read(r, word);
      if (r != Reading::KazakhInformal && !reading.term.empty()) {
        add_unique(qw.terms, reading.term);
        add_unique(qw.unstemmed, reading.canonical);
        std::pair<std::string, std::string> entry{reading_language(r), reading.term};
        if (std::find(qw.by_language.begin(), qw.by_language.end(), entry) == qw.by_language.end())
          qw.by_language.push_back(std::move(entry));
      }
      add_unique(qw.loose, reading.skeleton);
      if (!is_kazakh(r) || reading.canonical.empty()) continue;
      for (LooseStem& stem : kazakh_loose_stems(impl_->skeleton_of(reading.canonical), r == Reading::KazakhInformal))
        if (std::find(qw.loose_stems.begin(), qw.loose_stems.end(), stem) == qw.loose_stems.end())
          qw.loose_stems.push_back(std::move(stem));
    }
    if (script == Script::Han && code_points(word) >= 3) {
      const auto starts = char_starts(word);
      for (std::size_t i = 0; i + 2 < starts.size(); ++i)
        add_unique(qw.bigrams, impl_->read(Reading::Chinese, word.substr(starts[i], starts[i + 2] - starts[i])).term);
    }
    if (!qw.terms.empty() || !qw.loose.empty()) words.push_back(std::move(qw));
  });
  return words;
}

std::string kazakh_to_canonical(std::string_view word, std::string_view alphabet) {
  static const std::pair<std::string_view, Reading> kAlphabets[] = {{"cyrl", Reading::KazakhCyrillic},
                                                                    {"qz", Reading::KazakhQz},
                                                                    {"2021", Reading::Kazakh2021},
                                                                    {"arab", Reading::KazakhArabic},
                                                                    {"informal", Reading::KazakhInformal}};
  for (const auto& [name, reading] : kAlphabets) {
    if (name != alphabet) continue;
    thread_local AnalyzerCore impl;
    return to_utf8(impl.canonical(reading, word));
  }
  throw InvalidArgument("unknown Kazakh alphabet \"" + std::string(alphabet) +
                        "\" (expected cyrl, qz, 2021, arab or informal)");
}

}  // namespace newsidx

namespace newsidx {

struct CompletionKeys::Impl : AnalyzerCore {
  // A Kazakh key is the skeleton of the canonical form, with х as к
  // ("Kazakhstan" typed in English habits meets Қазақстан).
  CompletionKey key_of(Reading r, std::string_view word) {
    const WordReading& reading = read(r, word);
    CompletionKey out{reading_language(r), reading.canonical};
    if (!is_kazakh(r) || out.key.empty()) return out;
    icu::UnicodeString skeleton = icu::UnicodeString::fromUTF8(out.key);
    kk_skeleton.apply(skeleton);
    skeleton.findAndReplace(u"х", u"к");
    out.key = to_utf8(skeleton);
    return out;
  }
};

CompletionKeys::CompletionKeys() : impl_(std::make_unique<Impl>()) {}
CompletionKeys::~CompletionKeys() = default;

void CompletionKeys::for_each_word(std::string_view text, const std::function<void(std::size_t, std::size_t)>& f) {
  impl_->for_each_word(text, f);
}

void CompletionKeys::for_each_article_word(
    std::string_view text, std::string_view lang,
    const std::function<void(std::size_t, std::size_t, const CompletionKey&)>& f) {
  const Language language = parse_language(lang);
  const kazakh::Alphabet latin_default = latin_default_of(language, text);
  impl_->for_each_word(text, [&](std::size_t begin, std::size_t end) {
    const std::string_view word = text.substr(begin, end - begin);
    const Script script = script_of(word);
    Reading r = index_reading(language, script, word, latin_default);
    // A Latin word of a Kazakh article in another script is read as Kazakh
    // typing, so that it completes a Kazakh prefix ("Kaz" as "Қаз").
    if ((language.family == Family::Kazakh || language.family == Family::KazakhArabic) && script == Script::Latin)
      r = Reading::KazakhInformal;
    f(begin, end, impl_->key_of(r, word));
  });
}

std::vector<CompletionKey> CompletionKeys::of_typed_word(std::string_view word,
                                                         const std::optional<std::string>& lang) {
  std::optional<Language> language;
  if (lang) language = parse_language(*lang);
  std::vector<CompletionKey> keys;
  for (Reading r : query_readings(language, script_of(word), word, {})) {
    CompletionKey key = impl_->key_of(r, word);
    if (!key.key.empty() && std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
  }
  return keys;
}

}  // namespace newsidx
