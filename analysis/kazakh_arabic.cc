// Kazakh between Cyrillic and the Arabic script (töte jazuw) for display.
// The Arabic script writes a word's vowels as back or front once for the
// whole word: a front word is one with ە, ك or گ, or else marked with the
// hamza ٴ before it. README ("Kazakh in any script") lists what is lost.
#include <unicode/uchar.h>

#include "analysis/kazakh.h"
#include "analysis/translit.h"

namespace newsidx::kazakh {
namespace {

constexpr char16_t kHamza = u'\u0674';

// Cyrillic letters to Arabic ones, either case; the sign letters ъ ь are
// dropped, ц is س, щ is ش, я ю ё are ي with the vowel, and ия is يا.
const char* const kCyrillicToArabicRules =
    "[иИ][яЯ] > يا ; [аАәӘ] > ا ; [бБ] > ب ; [вВ] > ۆ ; [гГ] > گ ; [ғҒ] > ع ; [дД] > د ; [еЕэЭ] > ە ;"
    "[ёЁ] > يو ; [жЖ] > ج ; [зЗ] > ز ; [иИйЙ] > ي ; [іІ] > ى ; [кК] > ك ; [қҚ] > ق ;"
    "[лЛ] > ل ; [мМ] > م ; [нН] > ن ; [ңҢ] > ڭ ; [оОөӨ] > و ; [пП] > پ ; [рР] > ر ;"
    "[сСцЦ] > س ; [тТ] > ت ; [уУ] > ۋ ; [ұҰүҮ] > ۇ ; [фФ] > ف ; [хХ] > ح ; [һҺ] > ھ ;"
    "[чЧ] > چ ; [шШщЩ] > ش ; [ъЪьЬ] > ; [ыЫ] > ى ; [юЮ] > يۋ ; [яЯ] > يا ;"
    // Punctuation after an Arabic letter (the context is already converted).
    "[\\u0620-\\u06FF] { ',' > \\u060C ; [\\u0620-\\u06FF] { '?' > \\u061F ;"
    "[\\u0620-\\u06FF] { ';' > \\u061B ;";

// One Arabic-script word (hamza removed) to lower-case Cyrillic. ي is й
// after a vowel unless a vowel follows, else и; يا and يۋ are я and ю at
// the start or after a vowel, and يا ending a word is ия (Азия). (ICU
// refuses a rule that an earlier one masks, anchors aside: the rules with
// a before-context come first.)
#define NEWSIDX_ARABIC_WORD                                                         \
  "$v = [аәеоөұүыі] ; $a = [اەوۇىیيٵٶٷٸ] ;"                     \
  "$v { يا > я ; ^ يا > я ; يا } $ > ия ; $v { يۋ > ю ; ^ يۋ > ю ;" \
  "$v { ي } [^$a] > й ; $v { ي } $ > й ; ي > и ;"                             \
  "ٵ > ә ; ٶ > ө ; ٷ > ү ; ٸ > і ; ه > е ; ھ > һ ;" NEWSIDX_KK_ARABIC_SAME_IN_EVERY_WORD

const char* const kArabicBackWordRules = NEWSIDX_ARABIC_WORD "ا > а ; و > о ; ۇ > ұ ; ى > ы ; ی > ы ;";
const char* const kArabicFrontWordRules = NEWSIDX_ARABIC_WORD "ا > ә ; و > ө ; ۇ > ү ; ى > і ; ی > і ;";
#undef NEWSIDX_ARABIC_WORD

// Arabic punctuation and digits to the ones Cyrillic text uses.
const char* const kArabicMarksRules =
    "\\u060C > ',' ; \\u061F > '?' ; \\u061B > ';' ;"
    "[٠۰] > 0 ; [١۱] > 1 ; [٢۲] > 2 ; [٣۳] > 3 ; [٤۴] > 4 ; [٥۵] > 5 ; [٦۶] > 6 ; [٧۷] > 7 ; [٨۸] > 8 ; [٩۹] > "
    "9 ;";

bool is_cyrillic_letter(char16_t c) { return c >= 0x0400 && c <= 0x04FF; }

// Letters of Arabic-script words: the Arabic block without its
// punctuation and digits.
bool is_arabic_letter(char16_t c) {
  return c >= 0x0620 && c <= 0x06FF && !(c >= 0x0660 && c <= 0x066D) && !(c >= 0x06F0 && c <= 0x06F9) && c != 0x06D4;
}

bool is_sentence_end(char16_t c) { return c == u'.' || c == u'!' || c == u'?' || c == u'\u061F'; }

// A front word needs the hamza when none of its letters shows it: it has
// ә ө ү or і but no е, э, к or г.
bool needs_hamza(const icu::UnicodeString& word) {
  bool front = false;
  for (int32_t i = 0; i < word.length(); ++i) {
    const char16_t c = static_cast<char16_t>(u_tolower(word[i]));
    if (std::u16string_view(u"екгэ").find(c) != std::u16string_view::npos) return false;
    if (std::u16string_view(u"әөүі").find(c) != std::u16string_view::npos) front = true;
  }
  return front;
}

// Calls convert(word) on each maximal run of letters for which is_letter
// holds and keeps the rest of the text as it is.
template <class IsLetter, class Convert>
icu::UnicodeString by_word(const icu::UnicodeString& text, IsLetter is_letter, Convert convert) {
  icu::UnicodeString out;
  for (int32_t i = 0; i < text.length();) {
    int32_t end = i;
    while (end < text.length() && is_letter(text[end])) ++end;
    if (end == i) {
      out.append(text[i++]);
      continue;
    }
    out.append(convert(icu::UnicodeString(text, i, end - i), i));
    i = end;
  }
  return out;
}

// Whether the text before `at` ends a sentence (or nothing comes before).
bool starts_sentence(const icu::UnicodeString& text, int32_t at) {
  for (int32_t i = at - 1; i >= 0; --i) {
    if (is_sentence_end(text[i])) return true;
    if (!u_isspace(text[i]) && text[i] != u'\u00AB' && text[i] != u'"') return false;
  }
  return true;
}

}  // namespace

void cyrillic_to_arabic(icu::UnicodeString& text) {
  text = by_word(text, is_cyrillic_letter, [](icu::UnicodeString word, int32_t) {
    if (needs_hamza(word)) word.insert(0, kHamza);
    return word;
  });
  thread_local Translit to_arabic("newsidx-kk-Cyrl-Arab", kCyrillicToArabicRules);
  to_arabic.apply(text);
}

void arabic_to_cyrillic(icu::UnicodeString& text) {
  thread_local Translit back_word("newsidx-kk-Arab-Cyrl-back", kArabicBackWordRules);
  thread_local Translit front_word("newsidx-kk-Arab-Cyrl-front", kArabicFrontWordRules);
  thread_local Translit marks("newsidx-kk-Arab-marks", kArabicMarksRules);
  text = by_word(text, is_arabic_letter, [&](icu::UnicodeString word, int32_t at) {
    const bool front = arabic_word_is_front(word);
    word.findAndReplace(icu::UnicodeString(kHamza), icu::UnicodeString());
    (front ? front_word : back_word).apply(word);
    // The Arabic script has no capitals: a sentence starts with one.
    if (!word.isEmpty() && starts_sentence(text, at)) word.replace(0, 1, static_cast<char16_t>(u_toupper(word[0])));
    return word;
  });
  marks.apply(text);
}

}  // namespace newsidx::kazakh
