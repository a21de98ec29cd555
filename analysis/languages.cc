#include "analysis/languages.h"

#include <algorithm>
#include <mutex>
#include <string>
#include <unordered_map>

#include <unicode/locid.h>

#include "analysis/language_tag.h"
#include "newsidx/analyzer.h"
#include "newsidx/article.h"
#include "newsidx/errors.h"

namespace newsidx {
namespace {

// The editions' codes, sorted; "kk" is Kazakh in Cyrillic, the script of
// most editions.
constexpr const char* kEditions[] = {"en", "kk", "kk-Arab", "kk-Latn", "ru", "uz", "uz-Cyrl", "zh"};

bool is_kazakh(Family f) { return f == Family::Kazakh || f == Family::KazakhLatin || f == Family::KazakhArabic; }
bool is_uzbek(Family f) { return f == Family::Uzbek || f == Family::UzbekCyrillic; }

// Uzbek marks of oʻ gʻ and the tutuq belgisi.
constexpr std::u16string_view kUzbekMarks = u"\u02BB\u02BC'\u2018\u2019`";

Reading kazakh_latin_reading(kazakh::Alphabet a) {
  return a == kazakh::Alphabet::Latin2021 ? Reading::Kazakh2021 : Reading::KazakhQz;
}

Script script_of_code(const std::string& iso15924) {
  if (iso15924 == "Latn") return Script::Latin;
  if (iso15924 == "Cyrl") return Script::Cyrillic;
  if (iso15924 == "Arab") return Script::Arabic;
  for (const char* han : {"Hani", "Hans", "Hant", "Jpan", "Kore", "Hira", "Kana", "Hang"})
    if (iso15924 == han) return Script::Han;
  return Script::Other;
}

// The script subtag of a canonical tag ("Latn" of "kk-Latn-KZ"), or "".
std::string script_subtag(const std::string& tag) {
  std::size_t from = tag.find('-');
  while (from != std::string::npos) {
    const std::size_t to = std::min(tag.find('-', from + 1), tag.size());
    if (to - from - 1 == 4) return tag.substr(from + 1, 4);
    if (to - from - 1 != 3 || !std::isalpha(static_cast<unsigned char>(tag[from + 1]))) return "";  // not an extlang
    from = to < tag.size() ? to : std::string::npos;
  }
  return "";
}

// ICU's likely script of a tag without one ("Latn" for "de"), or "".
std::string likely_script(const std::string& tag) {
  UErrorCode status = U_ZERO_ERROR;
  icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
  if (U_SUCCESS(status)) locale.addLikelySubtags(status);
  return U_SUCCESS(status) ? locale.getScript() : "";
}

// An edition's family, given its language and script subtags, if it is one.
std::optional<Family> edition_family(const std::string& base, const std::string& script) {
  if (base == "kk" && (script.empty() || script == "Cyrl")) return Family::Kazakh;
  if (base == "kk" && script == "Latn") return Family::KazakhLatin;
  if (base == "kk" && script == "Arab") return Family::KazakhArabic;
  if (base == "ru" && (script.empty() || script == "Cyrl")) return Family::Russian;
  if (base == "en" && (script.empty() || script == "Latn")) return Family::English;
  if (base == "zh" && (script.empty() || script == "Hans" || script == "Hant" || script == "Hani"))
    return Family::Chinese;
  if (base == "uz" && (script.empty() || script == "Latn")) return Family::Uzbek;
  if (base == "uz" && script == "Cyrl") return Family::UzbekCyrillic;
  return std::nullopt;
}

// A language without an edition: its words in its own script are read by
// the Kyrgyz stemmer, a Snowball stemmer in the script the stemmer is for,
// or else folded only.
Language language_of(const std::string& tag) {
  const std::string base = base_language(tag);
  const std::string given = script_subtag(tag);
  if (const auto family = edition_family(base, given)) return Language{*family, Script::Latin, Reading::Plain};
  const std::string usual = likely_script(base);
  const std::string script = given.empty() ? usual : given;
  Language l{Family::Other, script.empty() ? Script::Latin : script_of_code(script), Reading::Plain};
  if (script != usual) return l;
  if (base == "ky") l.own = Reading::Kyrgyz;
  const auto& stemmers = snowball_stemmers();
  for (std::size_t i = 0; i < stemmers.size(); ++i)
    if (base == stemmers[i].code) l.own = static_cast<Reading>(kFirstSnowball + i);
  return l;
}

std::string join_editions() {
  std::string list;
  for (const char* code : kEditions) list += (list.empty() ? "" : ", ") + std::string(code);
  return list;
}

}  // namespace

const std::vector<SnowballStemmer>& snowball_stemmers() {
  // Each of Xapian 1.4's Snowball stemmers for a language without an edition
  // (English and Russian have theirs), by ISO 639-1 code; Norwegian Bokmål
  // and Nynorsk share "no"'s.
  static const std::vector<SnowballStemmer> stemmers = {
      {"ar", "arabic"},   {"ca", "catalan"},    {"da", "danish"},    {"de", "german"},     {"es", "spanish"},
      {"eu", "basque"},   {"fi", "finnish"},    {"fr", "french"},    {"ga", "irish"},      {"hu", "hungarian"},
      {"hy", "armenian"}, {"id", "indonesian"}, {"it", "italian"},   {"lt", "lithuanian"}, {"nb", "norwegian"},
      {"ne", "nepali"},   {"nl", "dutch"},      {"nn", "norwegian"}, {"no", "norwegian"},  {"pt", "portuguese"},
      {"ro", "romanian"}, {"sv", "swedish"},    {"ta", "tamil"},     {"tr", "turkish"},
  };
  return stemmers;
}

const SnowballStemmer* snowball_stemmer_of(Reading r) {
  const auto i = static_cast<std::size_t>(r) - kFirstSnowball;
  const auto& stemmers = snowball_stemmers();
  return static_cast<unsigned char>(r) >= kFirstSnowball && i < stemmers.size() ? &stemmers[i] : nullptr;
}

const std::vector<std::string>& edition_languages() {
  static const std::vector<std::string> codes(std::begin(kEditions), std::end(kEditions));
  return codes;
}

const std::vector<std::string>& stemmed_languages_beyond_editions() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> v{"ky"};
    for (const auto& s : snowball_stemmers()) v.emplace_back(s.code);
    std::sort(v.begin(), v.end());
    return v;
  }();
  return codes;
}

std::string canonical_language(std::string_view code) {
  if (auto tag = canonical_language_tag(code)) return *tag;
  throw InvalidArgument("\"" + std::string(code) + "\" is not a BCP 47 language tag (such as " + join_editions() +
                        ", ky, de-CH)");
}

std::string base_language(const std::string& lang) {
  std::string base = lang.substr(0, lang.find('-'));
  for (char& c : base)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return base;
}

std::string script_of_language(const std::string& lang) {
  if (lang == "kk-Latn" || lang == "en" || lang == "uz") return "Latn";
  if (lang == "kk" || lang == "ru" || lang == "uz-Cyrl") return "Cyrl";
  if (lang == "kk-Arab") return "Arab";
  const std::string base = base_language(lang);
  std::string script = script_subtag(lang);
  if (script.empty()) script = base == "zh" ? "Hani" : likely_script(base);
  if (script == "Hans" || script == "Hant") script = "Hani";
  return script.empty() ? "Latn" : script;
}

Language parse_language(std::string_view code) {
  // Codes are few and ICU's likely subtags cost microseconds: remembered.
  static std::mutex mutex;
  static std::unordered_map<std::string, Language> known;
  std::string key(code);
  {
    std::lock_guard<std::mutex> lock(mutex);
    if (const auto it = known.find(key); it != known.end()) return it->second;
  }
  const Language language = language_of(canonical_language(code));
  std::lock_guard<std::mutex> lock(mutex);
  if (known.size() > 4096) known.clear();
  known.emplace(std::move(key), language);
  return language;
}

Reading index_reading(const Language& language, Script script, std::string_view word, kazakh::Alphabet latin_default) {
  if (script == Script::Han) return Reading::Chinese;
  if (script == Script::Number) return Reading::Plain;
  if (language.family == Family::Other && script == language.script) return language.own;
  switch (script) {
    case Script::Arabic: return is_kazakh(language.family) ? Reading::KazakhArabic : Reading::Plain;
    case Script::Cyrillic:
      if (is_kazakh(language.family)) return Reading::KazakhCyrillic;
      if (is_uzbek(language.family)) return Reading::UzbekCyrillic;
      return Reading::Russian;
    case Script::Latin:
      if (language.family == Family::KazakhLatin) {
        const kazakh::Alphabet own = kazakh::latin_alphabet_of(word);
        return kazakh_latin_reading(own == kazakh::Alphabet::Informal ? latin_default : own);
      }
      if (is_uzbek(language.family)) return Reading::Uzbek;
      return Reading::English;
    default: return Reading::Plain;
  }
}

namespace {

std::vector<Reading> edition_query_readings(const Language& language, Script script, std::string_view word) {
  if (language.family == Family::Other) return {index_reading(language, script, word, kazakh::Alphabet::LatinQz)};
  if (script == Script::Latin && is_kazakh(language.family)) {
    const kazakh::Alphabet alphabet = kazakh::latin_alphabet_of(word);
    if (alphabet == kazakh::Alphabet::LatinQz) return {Reading::KazakhQz};
    if (alphabet == kazakh::Alphabet::Latin2021) return {Reading::Kazakh2021};
    // a Kazakh edition: its Latin alphabets, typing, and English loans
    return {Reading::KazakhQz, Reading::Kazakh2021, Reading::KazakhInformal, Reading::English};
  }
  return {index_reading(language, script, word, kazakh::Alphabet::LatinQz)};
}

std::vector<Reading> any_edition_readings(Script script, std::string_view word) {
  switch (script) {
    case Script::Han: return {Reading::Chinese};
    case Script::Arabic: return {Reading::KazakhArabic};
    case Script::Cyrillic:
      if (kazakh::contains_any(word, u"ўҳЎҲ")) return {Reading::UzbekCyrillic};
      if (kazakh::contains_any(word, u"әңөұүһіӘҢӨҰҮҺІ")) return {Reading::KazakhCyrillic};
      if (kazakh::contains_any(word, u"қғҚҒ")) return {Reading::KazakhCyrillic, Reading::UzbekCyrillic};
      return {Reading::Russian, Reading::KazakhCyrillic, Reading::UzbekCyrillic};
    case Script::Latin: {
      const kazakh::Alphabet alphabet = kazakh::latin_alphabet_of(word);
      if (alphabet == kazakh::Alphabet::LatinQz) return {Reading::KazakhQz};
      if (alphabet == kazakh::Alphabet::Latin2021) return {Reading::Kazakh2021};
      if (kazakh::contains_any(word, kUzbekMarks)) return {Reading::Uzbek, Reading::English};
      if (is_ascii(word)) {
        return {Reading::English, Reading::KazakhQz, Reading::Kazakh2021, Reading::Uzbek, Reading::KazakhInformal};
      }
      if (kazakh::contains_any(word, u"ı")) return {Reading::KazakhQz, Reading::Kazakh2021};
      return {Reading::English};
    }
    default: return {Reading::Plain};
  }
}

}  // namespace

std::vector<Reading> query_readings(const std::optional<Language>& language, Script script, std::string_view word,
                                    const std::vector<Language>& also) {
  if (language) return edition_query_readings(*language, script, word);
  std::vector<Reading> readings = any_edition_readings(script, word);
  if (script == Script::Han || script == Script::Number) return readings;
  auto add = [&](Reading r) {
    if (std::find(readings.begin(), readings.end(), r) == readings.end()) readings.push_back(r);
  };
  for (const Language& l : also)
    if (l.script == script) add(l.own);
  add(Reading::Plain);
  return readings;
}

}  // namespace newsidx
