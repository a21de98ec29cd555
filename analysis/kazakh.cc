#include "analysis/kazakh.h"

#include <unicode/utf8.h>

namespace newsidx::kazakh {

const char* const kCyrillicRules = "й > и ; ё > ио ; э > е ; я > иа ; ю > иу ; ц > тс ; щ > ш ; һ > х ; ъ > ; ь > ;";

// The qz alphabet of Kazinform (2018 revision): á ǵ ı ń ó ú ý, sh ch.
// ı stands for both и and й; the 2021 letters are read too, for mixed text.
const char* const kLatinQzRules =
    "sh > ш ; ch > ч ;"
    "a > а ; á > ә ; b > б ; v > в ; g > г ; ǵ > ғ ; d > д ; e > е ; j > ж ; z > з ;"
    "ı > и ; i > і ; k > к ; q > қ ; l > л ; m > м ; n > н ; ń > ң ; o > о ; ó > ө ;"
    "p > п ; r > р ; s > с ; t > т ; ý > у ; u > ұ ; ú > ү ; f > ф ; h > х ; y > ы ;"
    "c > тс ; w > у ; x > кс ;"
    "ä > ә ; ğ > ғ ; ñ > ң ; ö > ө ; ū > ұ ; ü > ү ; ş > ш ; ș > ш ; ç > ч ;";

// The 2021 alphabet: ä ğ ñ ö ū ü ş ç, with ı for і and i (İ) for и and й.
const char* const kLatin2021Rules =
    "sh > ш ; ch > ч ;"
    "a > а ; ä > ә ; b > б ; d > д ; e > е ; f > ф ; g > г ; ğ > ғ ; h > х ;"
    "ı > і ; i > и ; j > ж ; k > к ; l > л ; m > м ; n > н ; ñ > ң ; o > о ;"
    "ö > ө ; p > п ; q > қ ; r > р ; s > с ; ş > ш ; ș > ш ; t > т ; u > у ; ū > ұ ;"
    "ü > ү ; v > в ; y > ы ; z > з ; ç > ч ; c > тс ; w > у ; x > кс ;"
    "á > ә ; ǵ > ғ ; ń > ң ; ó > ө ; ú > ү ; ý > у ;";

// Kazakh Arabic script (töte jazuw). After NFKC the precomposed hamza
// letters ٵ ٶ ٷ ٸ arrive as base letter + ٴ; ي+ٴ is і in any word.
#define NEWSIDX_ARABIC_COMMON "يٴ > і ; یٴ > і ; ٴ > ; ي > и ; ھ > х ;" NEWSIDX_KK_ARABIC_SAME_IN_EVERY_WORD

const char* const kArabicBackRules = NEWSIDX_ARABIC_COMMON "ا > а ; و > о ; ۇ > ұ ; ى > ы ; ی > ы ;";
const char* const kArabicFrontRules = NEWSIDX_ARABIC_COMMON "ا > ә ; و > ө ; ۇ > ү ; ى > і ; ی > і ;";
#undef NEWSIDX_ARABIC_COMMON

// Plain ASCII as people type Kazakh names in English or Russian habits
// (gh for ғ; x for х, as in the Uzbek and Kazakh habit, not кс).
const char* const kInformalRules =
    "shch > ш ; sch > ш ; kh > х ; gh > ғ ; zh > ж ; sh > ш ; ch > ч ; ts > тс ;"
    "ya > иа ; yu > иу ; yo > ио ; ye > е ;"
    "a > а ; b > б ; c > к ; d > д ; e > е ; f > ф ; g > г ; h > х ; i > и ;"
    "j > ж ; k > к ; l > л ; m > м ; n > н ; o > о ; p > п ; q > қ ; r > р ;"
    "s > с ; t > т ; u > у ; v > в ; w > у ; x > х ; y > ы ; z > з ;";

// Merges what informal typing does not distinguish.
const char* const kSkeletonRules = "қ > к ; ғ > г ; ң > н ; ә > а ; ө > о ; ұ > у ; ү > у ; і > и ; ы > и ; һ > х ;";

namespace {

constexpr std::u16string_view kQzLetters = u"áǵńóúýÁǴŃÓÚÝ";
constexpr std::u16string_view k2021Letters = u"äğñöūüşșçİÄĞÑÖŪÜŞȘÇ";

// Calls f(c) for each non-ASCII BMP character of UTF-8 text until f returns true.
template <class F>
bool any_non_ascii(std::string_view text, F&& f) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c > 0 && c <= 0xFFFF && f(static_cast<char16_t>(c))) return true;
  }
  return false;
}

}  // namespace

bool contains_any(std::string_view text, std::u16string_view letters) {
  return any_non_ascii(text, [&](char16_t c) { return letters.find(c) != letters.npos; });
}

Alphabet latin_alphabet_of(std::string_view word) {
  if (contains_any(word, kQzLetters)) return Alphabet::LatinQz;
  if (contains_any(word, k2021Letters)) return Alphabet::Latin2021;
  return Alphabet::Informal;
}

Alphabet dominant_latin_alphabet(std::string_view text) {
  int qz = 0, y2021 = 0;
  any_non_ascii(text, [&](char16_t c) {
    qz += kQzLetters.find(c) != kQzLetters.npos;
    y2021 += k2021Letters.find(c) != k2021Letters.npos;
    return false;
  });
  return y2021 > qz ? Alphabet::Latin2021 : Alphabet::LatinQz;
}

bool arabic_word_is_front(const icu::UnicodeString& word) {
  static constexpr char16_t kFront[] = u"\u0674\u0675\u0676\u0677\u0678\u06D5\u0643\u06A9\u06AF";
  for (int32_t i = 0; i < word.length(); ++i)
    for (char16_t c : std::u16string_view(kFront))
      if (word[i] == c) return true;
  return false;
}

void arabic_variants_to_standard(icu::UnicodeString& folded) {
  folded.findAndReplace(u"\u0621", u"\u0674");
  folded.findAndReplace(u"\u0647", u"\u06D5");
  folded.findAndReplace(u"\u0640", u"");
}

bool has_kazakh_only_letter(std::string_view word) { return contains_any(word, u"әғқңөұүһіӘҒҚҢӨҰҮҺІ"); }

}  // namespace newsidx::kazakh
