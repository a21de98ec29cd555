// Kazakh script folding: every alphabet Kazakh is written in maps to one
// canonical Cyrillic form, so a word typed in any of them meets the others.
//
// The canonical form is lower-case Kazakh Cyrillic with the letters that the
// Latin alphabets do not tell apart merged: й->и, я->иа, ю->иу, ё->ио,
// ц->тс, щ->ш, һ->х, э->е, and ъ ь dropped.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <unicode/unistr.h>

#include "newsidx/analyzer.h"

namespace newsidx::kazakh {

enum class Alphabet { Cyrillic, LatinQz, Latin2021, Arabic, Informal };

// The Arabic-script letters that read the same in back and front words,
// as lower-case Cyrillic: a piece of ICU rules, shared by the folding below
// and the display rules (kazakh_arabic.cc). ي and ھ are left to each (й or
// и; х in the folding, һ on display).
#define NEWSIDX_KK_ARABIC_SAME_IN_EVERY_WORD                                                            \
  "ب > б ; ۆ > в ; گ > г ; ع > ғ ; د > д ; ە > е ; ج > ж ; ز > з ; ك > к ; ک > к ;" \
  "ق > қ ; ل > л ; م > м ; ن > н ; ڭ > ң ; پ > п ; ر > р ; س > с ; ت > т ; ۋ > у ;" \
  "ف > ф ; ح > х ; چ > ч ; ش > ш ;"

// ICU rule sets, applied to case-folded NFKC text.
extern const char* const kCyrillicRules;     // Cyrillic -> canonical
extern const char* const kLatinQzRules;      // Kazinform qz (á ǵ ı ń ó ú ý) -> canonical
extern const char* const kLatin2021Rules;    // 2021 alphabet (ä ğ ñ ö ū ü ş ç) -> canonical
extern const char* const kArabicBackRules;   // Arabic script, back-vowel word -> canonical
extern const char* const kArabicFrontRules;  // Arabic script, front-vowel word -> canonical
extern const char* const kInformalRules;     // plain ASCII typing ("Tokayev") -> canonical
extern const char* const kSkeletonRules;     // canonical -> loose skeleton

// Which Latin alphabet a word is written in, judging by its letters: the qz
// alphabet's acute letters or the 2021 alphabet's own; nullopt-like Informal
// when it has neither (plain ASCII fits both).
Alphabet latin_alphabet_of(std::string_view utf8_word);

// Which Latin alphabet a whole text mostly uses (LatinQz when undecided).
Alphabet dominant_latin_alphabet(std::string_view utf8_text);

// True when an Arabic-script word is a front-vowel word (marked with the
// hamza ٴ, or holding one of the front letters ە ك گ).
bool arabic_word_is_front(const icu::UnicodeString& word);

// The letters people type for the Kazakh Arabic script's own, in place: the
// Arabic hamza ء for the high hamza ٴ, the Arabic heh ه for ە; the tatweel
// ـ goes. (NFKC already maps the presentation forms; the rules read the
// Persian ی and ک.)
void arabic_variants_to_standard(icu::UnicodeString& folded);

// Kazakh Cyrillic in the Arabic script, each front word without ە, ك or
// گ marked with the hamza ٴ; other letters pass through.
void cyrillic_to_arabic(icu::UnicodeString& text);
// Arabic-script Kazakh in lower-case Cyrillic, a sentence's first letter
// capital; Arabic punctuation and digits become the usual ones.
void arabic_to_cyrillic(icu::UnicodeString& text);

// True when a Cyrillic word has a letter only Kazakh uses (ә ғ қ ң ө ұ ү һ і).
bool has_kazakh_only_letter(std::string_view utf8_word);

// True when the UTF-8 text holds any of the UTF-16 `letters` (BMP only).
bool contains_any(std::string_view utf8_text, std::u16string_view letters);

}  // namespace newsidx::kazakh

namespace newsidx {

// Folds a Kazakh word written in `alphabet` ("cyrl", "qz", "2021", "arab" or
// "informal") to the canonical Cyrillic form, unstemmed. Throws
// InvalidArgument for another alphabet.
std::string kazakh_to_canonical(std::string_view word, std::string_view alphabet);

// Strips Kazakh plural, possessive and case endings from a canonical word.
std::string kazakh_stem(std::string_view canonical_word);

// The stems a skeleton (kSkeletonRules) of an unstemmed word may stand for:
// the word with a case, a possessive and a plural ending taken (at most one
// of each, outside in, three letters left) in the skeleton's spelling,
// with х read as қ and нг as ң, and with `e_for_ae` one е read as ә.
// Deduplicated, each with the fewest letters taken.
std::vector<LooseStem> kazakh_loose_stems(std::string_view skeleton, bool e_for_ae);

}  // namespace newsidx
