// Kyrgyz endings after the rules of suffix_stemmer.h. Kyrgyz writes ө ү ң
// and none of Kazakh's ә ғ қ һ і; its harmony gives each ending four vowels
// (а е о ө, ы и у ү), and the first consonant of an ending follows the
// letter before it: н after a vowel (genitive, accusative), д after a vowel
// or a voiced consonant, т after a voiceless one.
#include "analysis/kyrgyz.h"

#include "analysis/suffix_stemmer.h"

namespace newsidx {
namespace {

const SuffixRules& kyrgyz_rules() {
  static const SuffixRules rules{
      {
          {"ндагы", After::Possessive},   {"ндеги", After::Possessive},   {"ндогу", After::Possessive},
          {"ндөгү", After::Possessive},   {"дагы", After::VowelOrVoiced}, {"деги", After::VowelOrVoiced},
          {"догу", After::VowelOrVoiced}, {"дөгү", After::VowelOrVoiced}, {"тагы", After::Voiceless},
          {"теги", After::Voiceless},     {"тогу", After::Voiceless},     {"төгү", After::Voiceless},
          {"менен", After::Any},          {"бенен", After::Any},          {"пенен", After::Any},
          {"нын", After::Vowel},          {"нин", After::Vowel},          {"нун", After::Vowel},
          {"нүн", After::Vowel},          {"дын", After::Voiced},         {"дин", After::Voiced},
          {"дун", After::Voiced},         {"дүн", After::Voiced},         {"тын", After::Voiceless},
          {"тин", After::Voiceless},      {"тун", After::Voiceless},      {"түн", After::Voiceless},
          {"нан", After::Possessive},     {"нен", After::Possessive},     {"нон", After::Possessive},
          {"нөн", After::Possessive},     {"дан", After::VowelOrVoiced},  {"ден", After::VowelOrVoiced},
          {"дон", After::VowelOrVoiced},  {"дөн", After::VowelOrVoiced},  {"тан", After::Voiceless},
          {"тен", After::Voiceless},      {"тон", After::Voiceless},      {"төн", After::Voiceless},
          {"нда", After::Possessive},     {"нде", After::Possessive},     {"ндо", After::Possessive},
          {"ндө", After::Possessive},     {"да", After::VowelOrVoiced},   {"де", After::VowelOrVoiced},
          {"до", After::VowelOrVoiced},   {"дө", After::VowelOrVoiced},   {"та", After::Voiceless},
          {"те", After::Voiceless},       {"то", After::Voiceless},       {"тө", After::Voiceless},
          {"га", After::VowelOrVoiced},   {"ге", After::VowelOrVoiced},   {"го", After::VowelOrVoiced},
          {"гө", After::VowelOrVoiced},   {"ка", After::Voiceless},       {"ке", After::Voiceless},
          {"ко", After::Voiceless},       {"кө", After::Voiceless},       {"на", After::Possessive},
          {"не", After::Possessive},      {"но", After::Possessive},      {"нө", After::Possessive},
          {"ны", After::Vowel},           {"ни", After::Vowel},           {"ну", After::Vowel},
          {"нү", After::Vowel},           {"ды", After::Voiced},          {"ди", After::Voiced},
          {"ду", After::Voiced},          {"дү", After::Voiced},          {"ты", After::Voiceless},
          {"ти", After::Voiceless},       {"ту", After::Voiceless},       {"тү", After::Voiceless},
      },
      {"ыбыз", "ибиз", "убуз", "үбүз", "ыңыз", "иңиз", "уңуз", "үңүз", "сы", "си", "су", "сү", "ы", "и", "у", "ү"},
      {"ы", "и", "у", "ү"},
      {"лар", "лер", "лор", "лөр", "дар", "дер", "дор", "дөр", "тар", "тер", "тор", "төр"},
      {"а", "е", "и", "о", "ө", "у", "ү", "ы", "э", "ю", "я"},
      {"м", "н", "ң"},
      {"б", "в", "г", "д", "ж", "з", "й", "л", "м", "н", "ң", "р"},
      {"п", "т", "к", "с", "ш", "ф", "х", "ц", "ч", "щ"},
      {{"тан", "стан"}},  // Кыргызстан, Казакстан
  };
  return rules;
}

}  // namespace

std::string kyrgyz_stem(std::string_view word) { return strip_suffixes(kyrgyz_rules(), word); }

}  // namespace newsidx
