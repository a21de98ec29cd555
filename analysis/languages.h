// The languages the analyzer knows, and how each reads a word of each script.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "analysis/kazakh.h"
#include "analysis/script.h"

namespace newsidx {

// An article language code, parsed.
enum class Language { Kazakh, KazakhLatin, KazakhArabic, Russian, English, Chinese, Uzbek, UzbekCyrillic };

// One way of reading a word: which folding and stemmer it goes through.
enum class Reading : char {
  Russian = 'r',
  English = 'e',
  KazakhCyrillic = 'k',
  KazakhQz = 'q',
  Kazakh2021 = 'y',
  KazakhArabic = 'a',
  KazakhInformal = 'i',
  Uzbek = 'u',
  UzbekCyrillic = 'c',
  Chinese = 'z',
  Plain = 'p',
};

// Throws InvalidArgument naming the code and the codes that are known.
Language parse_language(std::string_view code);

// How a word in an article of `language` is indexed. `latin_default` is the
// Kazakh Latin alphabet the article mostly uses.
Reading index_reading(Language language, Script script, std::string_view word, kazakh::Alphabet latin_default);

// Every way a query word may be read; with a language, only that language's.
std::vector<Reading> query_readings(std::optional<Language> language, Script script, std::string_view word);

}  // namespace newsidx
