// A conservative Kazakh stemmer on the canonical Cyrillic form (the rules of
// suffix_stemmer.h), and the stems a loosely typed word may stand for.
#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "analysis/kazakh.h"
#include "analysis/suffix_stemmer.h"

namespace newsidx {
namespace {

// The accusative after consonants (-ды/-ді/-ты/-ті) is taken only after the
// consonants that call for it, so that the possessive -ы/-і after д and т
// stays: президенті (his president) after н keeps its т, президентті (the
// president) loses -ті. After с and к the possessive of a word in -ст or -кт
// (журналисті, проекті) is taken for an accusative: in KazNERD the
// accusatives there (жұмысты, бизнесті, қауіпсіздікті) are far more common.
// Endings that begin with н after a vowel (-на, -нда, -нан, -ның, -ны ...)
// are taken only where the grammar allows them, so that a word that merely
// ends in those letters (Астана) keeps them.
const SuffixRules& kazakh_rules() {
  static const SuffixRules rules{
      {{"ндағы", After::Possessive}, {"ндегі", After::Possessive}, {"дағы", After::Any},
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
       {"ді", After::Voiced},        {"ты", After::Voiceless},     {"ті", After::Voiceless}},
      {"ымыз", "іміз", "ыңыз", "іңіз", "сы", "сі", "ы", "і"},
      {"ы", "і"},
      {"лар", "лер", "дар", "дер", "тар", "тер"},
      {"а", "ә", "е", "и", "о", "ө", "у", "ұ", "ү", "ы", "і", "э"},
      {"м", "н", "ң"},
      // The letters before -ды/-ді and before -ты/-ті (й is и in the canonical form).
      {"л", "р", "у", "и", "ж", "з", "м", "н", "ң"},
      {"п", "т", "к", "қ", "с", "ш", "ф", "х", "ч", "б", "в", "г", "д"},
      {{"тан", "стан"}},  // Қазақстан, Өзбекстан
  };
  return rules;
}

// The endings of kazakh_rules() as a
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

std::string kazakh_stem(std::string_view word) { return strip_suffixes(kazakh_rules(), word); }

}  // namespace newsidx
