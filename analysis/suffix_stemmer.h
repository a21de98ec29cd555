// A conservative stemmer for languages that stack endings in a fixed order,
// stem + plural + possessive + case (Kazakh, Kyrgyz): at most one of each is
// stripped, from the outside in, and only while a stem of a minimum length
// remains and the letter before an ending is one the grammar puts there.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsidx {

// What an ending requires of the letter before it.
enum class After {
  Any,            // any stem
  Possessive,     // only after a bare possessive vowel (еліне, шаарына)
  Vowel,          // after a vowel
  Voiced,         // after one of SuffixRules::voiced
  Voiceless,      // after one of SuffixRules::voiceless
  VowelOrNasal,   // after a vowel or one of SuffixRules::nasals
  VowelOrVoiced,  // after a vowel or one of SuffixRules::voiced
};

struct Ending {
  std::string_view text;
  After after;
};

// One language's endings, each list longest first (the first that fits is
// taken), and the letters the conditions name, in the canonical spelling.
struct SuffixRules {
  std::vector<Ending> case_endings;
  std::vector<std::string_view> possessive_endings;
  std::vector<std::string_view> bare_possessives;  // the one-vowel possessives (-ы/-і)
  std::vector<std::string_view> plural_endings;
  std::vector<std::string_view> vowels, nasals, voiced, voiceless;
  // A case ending not taken from a word ending in the longer text ("тан" of "стан").
  std::vector<std::pair<std::string_view, std::string_view>> kept;
};

inline constexpr std::size_t kMinStem = 2;                // letters left after a case or possessive ending
inline constexpr std::size_t kMinStemBarePossessive = 4;  // after a bare possessive vowel
inline constexpr std::size_t kMinStemPlural = 3;          // after a plural ending

std::string strip_suffixes(const SuffixRules& rules, std::string_view word);

// Letters, not bytes, of UTF-8.
std::size_t letters(std::string_view s);
bool ends_with(std::string_view s, std::string_view suffix);
// The last letter of a non-empty UTF-8 string.
std::string_view last_letter(std::string_view s);
bool is_one_of(std::string_view letter, const std::vector<std::string_view>& letters);

}  // namespace newsidx
