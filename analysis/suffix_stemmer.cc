#include "analysis/suffix_stemmer.h"

#include <algorithm>

namespace newsidx {

std::size_t letters(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

std::string_view last_letter(std::string_view s) {
  std::size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
  return i > 0 ? s.substr(i - 1) : s;
}

bool is_one_of(std::string_view letter, const std::vector<std::string_view>& letters) {
  return std::find(letters.begin(), letters.end(), letter) != letters.end();
}

namespace {

bool allowed_before(const SuffixRules& r, std::string_view stem, After after) {
  if (letters(stem) < kMinStem) return false;
  const std::string_view last = last_letter(stem);
  const bool vowel = is_one_of(last, r.vowels);
  switch (after) {
    case After::Any: return true;
    case After::Possessive: return is_one_of(last, r.bare_possessives);
    case After::Vowel: return vowel;
    case After::Voiced: return is_one_of(last, r.voiced);
    case After::Voiceless: return is_one_of(last, r.voiceless);
    case After::VowelOrNasal: return vowel || is_one_of(last, r.nasals);
    case After::VowelOrVoiced: return vowel || is_one_of(last, r.voiced);
  }
  return false;
}

bool kept(const SuffixRules& r, std::string_view word, std::string_view ending) {
  for (const auto& [e, whole] : r.kept)
    if (e == ending && ends_with(word, whole)) return true;
  return false;
}

}  // namespace

std::string strip_suffixes(const SuffixRules& r, std::string_view word) {
  std::string_view stem = word;
  bool possessive_required = false;

  for (const Ending& e : r.case_endings) {
    if (!ends_with(stem, e.text) || kept(r, stem, e.text)) continue;
    std::string_view rest = stem.substr(0, stem.size() - e.text.size());
    if (!allowed_before(r, rest, e.after)) continue;
    stem = rest;
    // After an n-ending (елінде, шаарынан) a final bare vowel is the possessive.
    possessive_required = e.after != After::Any && is_one_of(last_letter(rest), r.bare_possessives);
    break;
  }

  for (std::string_view p : r.possessive_endings) {
    if (!ends_with(stem, p)) continue;
    std::string_view rest = stem.substr(0, stem.size() - p.size());
    const bool bare = is_one_of(p, r.bare_possessives);
    const std::size_t min = bare && !possessive_required ? kMinStemBarePossessive : kMinStem;
    if (letters(rest) < min) continue;
    if (bare && is_one_of(last_letter(rest), r.vowels)) continue;  // after vowels the possessive has an s
    stem = rest;
    break;
  }

  for (std::string_view p : r.plural_endings) {
    if (!ends_with(stem, p)) continue;
    std::string_view rest = stem.substr(0, stem.size() - p.size());
    if (letters(rest) < kMinStemPlural) continue;
    stem = rest;
    break;
  }
  return std::string(stem);
}

}  // namespace newsidx
