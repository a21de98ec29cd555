// The languages the analyzer knows, and how each reads a word of each script.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/kazakh.h"
#include "analysis/script.h"

namespace newsidx {

// One way of reading a word: which folding and stemmer it goes through.
// Values from kFirstSnowball on are Xapian's Snowball stemmers, one each.
enum class Reading : unsigned char {
  Russian = 'r',
  English = 'e',
  KazakhCyrillic = 'k',
  KazakhQz = 'q',
  Kazakh2021 = 'y',
  KazakhArabic = 'a',
  KazakhInformal = 'i',
  Uzbek = 'u',
  UzbekCyrillic = 'c',
  Kyrgyz = 'g',
  Chinese = 'z',
  Plain = 'p',  // folded, not stemmed
};
inline constexpr unsigned char kFirstSnowball = 0x80;

// A Snowball stemmer a reading stands for: Xapian's name for it ("german")
// and the language code its readings are grouped under ("de").
struct SnowballStemmer {
  const char* code;
  const char* name;
};
const std::vector<SnowballStemmer>& snowball_stemmers();
// The stemmer of a reading from kFirstSnowball on, or nullptr.
const SnowballStemmer* snowball_stemmer_of(Reading r);

// What the analysis of a language is built on: the engine's own for its
// editions and Kyrgyz, a Snowball stemmer or plain folding for the rest.
enum class Family { Kazakh, KazakhLatin, KazakhArabic, Russian, English, Chinese, Uzbek, UzbekCyrillic, Other };

// An article language code, parsed. Words of an Other language in its own
// script (the tag's, or the one ICU's likely subtags give: Latn for "de")
// are read `own`; words in other scripts as in an English article.
struct Language {
  Family family = Family::Other;
  Script script = Script::Latin;
  Reading own = Reading::Plain;
};

// Throws InvalidArgument naming the code when it is not a BCP 47 tag.
Language parse_language(std::string_view code);

// How a word in an article of `language` is indexed. `latin_default` is the
// Kazakh Latin alphabet the article mostly uses.
Reading index_reading(const Language& language, Script script, std::string_view word, kazakh::Alphabet latin_default);

// Every way a query word may be read; with a language, only that language's.
// Without one, also as each of `also` would read a word of its own script,
// and as a plain folded word.
std::vector<Reading> query_readings(const std::optional<Language>& language, Script script, std::string_view word,
                                    const std::vector<Language>& also);

}  // namespace newsidx
