// A conservative Kazakh stemmer on the canonical Cyrillic form.
//
// Kazakh stacks endings in a fixed order: stem + plural + possessive + case.
// We strip at most one of each, from the outside in, and only while a stem
// of a minimum length remains. Endings that begin with н after a vowel
// (-на, -нда, -нан, -ның, -ны ...) are taken only where the grammar allows
// them, so that a word that merely ends in those letters (Астана) keeps them.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "analysis/kazakh.h"

namespace newsidx {
namespace {

// Letters, not bytes: every Cyrillic letter is two bytes of UTF-8.
std::size_t letters(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The last letter of a non-empty UTF-8 string.
std::string_view last_letter(std::string_view s) {
  std::size_t i = s.size();
  while (i > 0 && (static_cast<unsigned char>(s[i - 1]) & 0xC0) == 0x80) --i;
  return i > 0 ? s.substr(i - 1) : s;
}

bool is_vowel(std::string_view letter) {
  static constexpr std::array<std::string_view, 12> vowels = {"а", "ә", "е", "и", "о", "ө",
                                                              "у", "ұ", "ү", "ы", "і", "э"};
  for (auto v : vowels)
    if (letter == v) return true;
  return false;
}

// What a case ending requires of the letter before it.
enum class After {
  Any,           // any stem
  Possessive,    // only after the possessive -ы/-і (еліне, елінде)
  VowelOrNasal,  // after a vowel or м н ң (Астананың, Қазақстаннан)
  Vowel,         // after a vowel (Астананы)
  Voiced,        // after л р у й ж з м н ң (референдумды, Қазақстанды)
  Voiceless,     // after п т к қ с ш ф х ч б в г д (президентті, халықты)
};

struct Ending {
  std::string_view text;
  After after;
};

// Longest first: the first ending that fits is taken. The accusative after
// consonants (-ды/-ді/-ты/-ті) is taken only after the consonants that call
// for it, so that the possessive -ы/-і after д and т stays: президенті (his
// president) after н keeps its т, президентті (the president) loses -ті.
// After с and к the possessive of a word in -ст or -кт (журналисті,
// проекті) is taken for an accusative: in KazNERD the accusatives there
// (жұмысты, бизнесті, қауіпсіздікті) are far more common.
constexpr Ending kCaseEndings[] = {
    {"ндағы", After::Possessive}, {"ндегі", After::Possessive}, {"дағы", After::Any},
    {"дегі", After::Any},         {"тағы", After::Any},         {"тегі", After::Any},
    {"ның", After::VowelOrNasal}, {"нің", After::VowelOrNasal}, {"дың", After::Any},
    {"дің", After::Any},          {"тың", After::Any},          {"тің", After::Any},
    {"нан", After::VowelOrNasal}, {"нен", After::VowelOrNasal}, {"дан", After::Any},
    {"ден", After::Any},          {"тан", After::Any},          {"тен", After::Any},
    {"нда", After::Possessive},   {"нде", After::Possessive},   {"мен", After::Any},
    {"бен", After::Any},          {"пен", After::Any},          {"да", After::Any},
    {"де", After::Any},           {"та", After::Any},           {"те", After::Any},
    {"ға", After::Any},           {"ге", After::Any},           {"қа", After::Any},
    {"ке", After::Any},           {"на", After::Possessive},    {"не", After::Possessive},
    {"ны", After::Vowel},         {"ні", After::Vowel},         {"ды", After::Voiced},
    {"ді", After::Voiced},        {"ты", After::Voiceless},     {"ті", After::Voiceless},
};

constexpr std::array<std::string_view, 8> kPossessiveEndings = {"ымыз", "іміз", "ыңыз", "іңіз", "сы", "сі", "ы", "і"};

constexpr std::array<std::string_view, 6> kPluralEndings = {"лар", "лер", "дар", "дер", "тар", "тер"};

// The letters before -ды/-ді and before -ты/-ті (й is и in the canonical form).
constexpr std::string_view kVoicedBeforeAccusative[] = {"л", "р", "у", "и", "ж", "з", "м", "н", "ң"};
constexpr std::string_view kVoicelessBeforeAccusative[] = {"п", "т", "к", "қ", "с", "ш", "ф",
                                                           "х", "ч", "б", "в", "г", "д"};

template <class Letters>
bool is_one_of(std::string_view letter, const Letters& letters) {
  for (std::string_view l : letters)
    if (letter == l) return true;
  return false;
}

constexpr std::size_t kMinStem = 2;                // letters left after a case ending
constexpr std::size_t kMinStemBarePossessive = 4;  // after a bare -ы/-і

bool allowed_before(std::string_view stem, After after) {
  if (letters(stem) < kMinStem) return false;
  const std::string_view last = last_letter(stem);
  switch (after) {
    case After::Any: return true;
    case After::Possessive: return last == "ы" || last == "і";
    case After::VowelOrNasal: return is_vowel(last) || last == "м" || last == "н" || last == "ң";
    case After::Vowel: return is_vowel(last);
    case After::Voiced: return is_one_of(last, kVoicedBeforeAccusative);
    case After::Voiceless: return is_one_of(last, kVoicelessBeforeAccusative);
  }
  return false;
}

// The endings of kCaseEndings, kPossessiveEndings and kPluralEndings as a
// skeleton spells them (ы і и as и, ғ as г, қ as к, ң as н), with the
// accusative after consonants too: a loosely typed word is checked against
// the index, which tells a stem from a word that only ends like one.
constexpr std::string_view kLooseCaseEndings[] = {"ндаги", "ндеги", "даги", "деги", "таги", "теги", "нин", "дин", "тин",
                                                  "нан",   "нен",   "дан",  "ден",  "тан",  "тен",  "нда", "нде", "мен",
                                                  "бен",   "пен",   "да",   "де",   "та",   "те",   "га",  "ге",  "ка",
                                                  "ке",    "на",    "не",   "ни",   "ди",   "ти"};
constexpr std::string_view kLoosePossessiveEndings[] = {"имиз", "иниз", "си", "и"};
constexpr std::string_view kLoosePluralEndings[] = {"лар", "лер", "дар", "дер", "тар", "тер"};
constexpr std::size_t kMinLooseStem = 3;
constexpr std::size_t kMaxLooseEVariants = 3;

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != s.npos; at = s.find(from, at + to.size())) s.replace(at, from.size(), to);
  return s;
}

// The spellings a loosely typed skeleton may stand for, itself first.
std::vector<std::string> loose_spellings(std::string_view skeleton, bool e_for_ae) {
  std::vector<std::string> out{std::string(skeleton)};
  auto add_replaced = [&out](std::string_view from, std::string_view to) {
    const std::size_t n = out.size();
    for (std::size_t i = 0; i < n; ++i)
      if (out[i].find(from) != std::string::npos) out.push_back(replace_all(out[i], from, to));
  };
  add_replaced("х", "к");   // kh, h or x typed for қ
  add_replaced("нг", "н");  // ng typed for ң
  if (!e_for_ae) return out;
  const std::size_t n = out.size();
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t variants = 0;
    for (std::size_t at = out[i].find("е"); at != std::string::npos && variants < kMaxLooseEVariants;
         at = out[i].find("е", at + 1), ++variants)
      out.push_back(std::string(out[i]).replace(at, std::string_view("е").size(), "а"));
  }
  return out;
}

// Calls f(rest) for the word itself and for each ending of `endings` it
// ends in with kMinLooseStem letters left.
template <class Endings, class F>
void with_and_without(std::string_view word, const Endings& endings, F&& f) {
  f(word);
  for (std::string_view e : endings)
    if (ends_with(word, e) && letters(word) >= letters(e) + kMinLooseStem) f(word.substr(0, word.size() - e.size()));
}

}  // namespace

std::vector<LooseStem> kazakh_loose_stems(std::string_view skeleton, bool e_for_ae) {
  std::vector<LooseStem> out;
  auto keep = [&out](std::string_view stem, std::size_t stripped) {
    for (LooseStem& s : out)
      if (s.skeleton == stem) {
        s.stripped = std::min(s.stripped, stripped);
        return;
      }
    out.push_back(LooseStem{std::string(stem), stripped});
  };
  for (const std::string& spelling : loose_spellings(skeleton, e_for_ae)) {
    const std::size_t whole = letters(spelling);
    with_and_without(spelling, kLooseCaseEndings, [&](std::string_view a) {
      with_and_without(a, kLoosePossessiveEndings, [&](std::string_view b) {
        with_and_without(b, kLoosePluralEndings, [&](std::string_view c) { keep(c, whole - letters(c)); });
      });
    });
  }
  return out;
}

std::string kazakh_stem(std::string_view word) {
  std::string_view stem = word;
  bool possessive_required = false;

  for (const Ending& e : kCaseEndings) {
    if (!ends_with(stem, e.text)) continue;
    if (e.text == "тан" && ends_with(stem, "стан")) continue;  // Қазақстан, Өзбекстан
    std::string_view rest = stem.substr(0, stem.size() - e.text.size());
    if (!allowed_before(rest, e.after)) continue;
    stem = rest;
    // After an n-ending (елінде, елінен, қаласының) a final ы/і is the possessive.
    const std::string_view last = last_letter(rest);
    possessive_required = e.after != After::Any && (last == "ы" || last == "і");
    break;
  }

  for (std::string_view p : kPossessiveEndings) {
    if (!ends_with(stem, p)) continue;
    std::string_view rest = stem.substr(0, stem.size() - p.size());
    const bool bare = p == "ы" || p == "і";
    const std::size_t min = bare && !possessive_required ? kMinStemBarePossessive : kMinStem;
    if (letters(rest) < min) continue;
    if (bare && is_vowel(last_letter(rest))) continue;  // -сы/-сі follow vowels
    stem = rest;
    break;
  }

  for (std::string_view p : kPluralEndings) {
    if (!ends_with(stem, p)) continue;
    std::string_view rest = stem.substr(0, stem.size() - p.size());
    if (letters(rest) < 3) continue;
    stem = rest;
    break;
  }
  return std::string(stem);
}

}  // namespace newsidx
