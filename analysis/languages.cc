#include "analysis/languages.h"

#include <algorithm>
#include <string>

#include "newsidx/article.h"
#include "newsidx/errors.h"

namespace newsidx {
namespace {

struct LanguageCode {
  const char* code;
  Language language;
};

// Sorted by code; "kk" is Kazakh in Cyrillic, the script of most editions.
constexpr LanguageCode kCodes[] = {
    {"en", Language::English},
    {"kk", Language::Kazakh},
    {"kk-Arab", Language::KazakhArabic},
    {"kk-Latn", Language::KazakhLatin},
    {"ru", Language::Russian},
    {"uz", Language::Uzbek},
    {"uz-Cyrl", Language::UzbekCyrillic},
    {"zh", Language::Chinese},
};

bool is_kazakh(Language l) {
  return l == Language::Kazakh || l == Language::KazakhLatin || l == Language::KazakhArabic;
}
bool is_uzbek(Language l) { return l == Language::Uzbek || l == Language::UzbekCyrillic; }

// Uzbek marks of oʻ gʻ and the tutuq belgisi.
constexpr std::u16string_view kUzbekMarks = u"\u02BB\u02BC'\u2018\u2019`";

Reading kazakh_latin_reading(kazakh::Alphabet a) {
  return a == kazakh::Alphabet::Latin2021 ? Reading::Kazakh2021 : Reading::KazakhQz;
}

}  // namespace

const std::vector<std::string>& supported_languages() {
  static const std::vector<std::string> codes = [] {
    std::vector<std::string> v;
    for (const auto& c : kCodes) v.emplace_back(c.code);
    return v;
  }();
  return codes;
}

std::string base_language(const std::string& lang) { return lang.substr(0, lang.find('-')); }

std::string script_of_language(const std::string& lang) {
  if (lang == "kk-Latn" || lang == "en" || lang == "uz") return "Latn";
  if (lang == "kk-Arab") return "Arab";
  if (lang == "zh") return "Hani";
  return "Cyrl";
}

Language parse_language(std::string_view code) {
  for (const auto& c : kCodes)
    if (code == c.code) return c.language;
  std::string known;
  for (const auto& c : kCodes) known += (known.empty() ? "" : ", ") + std::string(c.code);
  throw InvalidArgument("unknown language \"" + std::string(code) + "\" (known: " + known + ")");
}

Reading index_reading(Language language, Script script, std::string_view word, kazakh::Alphabet latin_default) {
  switch (script) {
    case Script::Han: return Reading::Chinese;
    case Script::Number:
    case Script::Other: return Reading::Plain;
    case Script::Arabic: return is_kazakh(language) ? Reading::KazakhArabic : Reading::Plain;
    case Script::Cyrillic:
      if (is_kazakh(language)) return Reading::KazakhCyrillic;
      if (is_uzbek(language)) return Reading::UzbekCyrillic;
      return Reading::Russian;
    case Script::Latin:
      if (language == Language::KazakhLatin) {
        const kazakh::Alphabet own = kazakh::latin_alphabet_of(word);
        return kazakh_latin_reading(own == kazakh::Alphabet::Informal ? latin_default : own);
      }
      if (is_uzbek(language)) return Reading::Uzbek;
      return Reading::English;
  }
  return Reading::Plain;
}

std::vector<Reading> query_readings(std::optional<Language> language, Script script, std::string_view word) {
  switch (script) {
    case Script::Han: return {Reading::Chinese};
    case Script::Number:
    case Script::Other: return {Reading::Plain};
    case Script::Arabic: return {language && !is_kazakh(*language) ? Reading::Plain : Reading::KazakhArabic};
    case Script::Cyrillic: {
      if (language) {
        if (is_kazakh(*language)) return {Reading::KazakhCyrillic};
        if (is_uzbek(*language)) return {Reading::UzbekCyrillic};
        return {Reading::Russian};
      }
      if (kazakh::contains_any(word, u"ўҳЎҲ")) return {Reading::UzbekCyrillic};
      if (kazakh::contains_any(word, u"әңөұүһіӘҢӨҰҮҺІ")) return {Reading::KazakhCyrillic};
      if (kazakh::contains_any(word, u"қғҚҒ")) return {Reading::KazakhCyrillic, Reading::UzbekCyrillic};
      return {Reading::Russian, Reading::KazakhCyrillic, Reading::UzbekCyrillic};
    }
    case Script::Latin: {
      const kazakh::Alphabet alphabet = kazakh::latin_alphabet_of(word);
      const bool plain_ascii =
          std::all_of(word.begin(), word.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
      if (language && is_uzbek(*language)) return {Reading::Uzbek};
      if (language && !is_kazakh(*language)) return {Reading::English};
      if (alphabet == kazakh::Alphabet::LatinQz) return {Reading::KazakhQz};
      if (alphabet == kazakh::Alphabet::Latin2021) return {Reading::Kazakh2021};
      if (language) {  // a Kazakh edition: its Latin alphabets, typing, and English loans
        return {Reading::KazakhQz, Reading::Kazakh2021, Reading::KazakhInformal, Reading::English};
      }
      if (kazakh::contains_any(word, kUzbekMarks)) return {Reading::Uzbek, Reading::English};
      if (plain_ascii) {
        return {Reading::English, Reading::KazakhQz, Reading::Kazakh2021, Reading::Uzbek, Reading::KazakhInformal};
      }
      if (kazakh::contains_any(word, u"ı")) return {Reading::KazakhQz, Reading::Kazakh2021};
      return {Reading::English};
    }
  }
  return {Reading::Plain};
}

}  // namespace newsidx
