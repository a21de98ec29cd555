// Kazakh text shown in another script, by rules of the project's own
// (README "Kazakh in any script" documents the letters with no one-to-one
// mapping).
#include <string>

#include <unicode/normalizer2.h>

#include "analysis/kazakh.h"
#include "analysis/translit.h"
#include "newsidx/analyzer.h"
#include "newsidx/errors.h"

namespace newsidx {
namespace {

// Cyrillic to the 2021 Latin alphabet. и and й are both i (capital İ), і
// is ı (capital I); ц, щ, ъ, ь, ё, э, ю, я have no letter of their own.
const char* const kCyrillicToLatinRules =
    "а > a ; А > A ; ә > ä ; Ә > Ä ; б > b ; Б > B ; в > v ; В > V ; г > g ; Г > G ;"
    "ғ > ğ ; Ғ > Ğ ; д > d ; Д > D ; е > e ; Е > E ; ё > io ; Ё > İo ; ж > j ; Ж > J ;"
    "з > z ; З > Z ; и > i ; И > İ ; й > i ; Й > İ ; і > ı ; І > I ; к > k ; К > K ;"
    "қ > q ; Қ > Q ; л > l ; Л > L ; м > m ; М > M ; н > n ; Н > N ; ң > ñ ; Ң > Ñ ;"
    "о > o ; О > O ; ө > ö ; Ө > Ö ; п > p ; П > P ; р > r ; Р > R ; с > s ; С > S ;"
    "т > t ; Т > T ; у > u ; У > U ; ұ > ū ; Ұ > Ū ; ү > ü ; Ү > Ü ; ф > f ; Ф > F ;"
    "х > h ; Х > H ; һ > h ; Һ > H ; ц > s ; Ц > S ; ч > ç ; Ч > Ç ; ш > ş ; Ш > Ş ;"
    "щ > şş ; Щ > Şş ; ъ > ; Ъ > ; ы > y ; Ы > Y ; ь > ; Ь > ; э > e ; Э > E ;"
    "ю > iu ; Ю > İu ; я > ia ; Я > İa ;";

// The 2021 Latin alphabet to Cyrillic. i is й after a vowel unless a vowel
// follows, else и; ia and iu are я and ю except after another i (Aziia is
// Азия); h is х (never һ), s is с (never ц), ş is ш (never щ).
const char* const kLatinToCyrillicRules =
    "$v = [aeouäöūüyıAEOUÄÖŪÜYIаеоуәөұүыіАЕОУӘӨҰҮЫІ] ;"  // the vowel before is already Cyrillic
    "iia > ия ; iiu > ию ;"
    "ia > я ; iu > ю ; İa > Я ; İu > Ю ; Ia > Я ; Iu > Ю ;"
    "$v { i } [^aeouäöūüyı] > й ; $v { i } $ > й ;"
    "a > а ; A > А ; ä > ә ; Ä > Ә ; b > б ; B > Б ; v > в ; V > В ; g > г ; G > Г ;"
    "ğ > ғ ; Ğ > Ғ ; d > д ; D > Д ; e > е ; E > Е ; j > ж ; J > Ж ; z > з ; Z > З ;"
    "i > и ; İ > И ; ı > і ; I > І ; k > к ; K > К ; q > қ ; Q > Қ ; l > л ; L > Л ;"
    "m > м ; M > М ; n > н ; N > Н ; ñ > ң ; Ñ > Ң ; o > о ; O > О ; ö > ө ; Ö > Ө ;"
    "p > п ; P > П ; r > р ; R > Р ; s > с ; S > С ; t > т ; T > Т ; u > у ; U > У ;"
    "ū > ұ ; Ū > Ұ ; ü > ү ; Ü > Ү ; f > ф ; F > Ф ; h > х ; H > Х ; ç > ч ; Ç > Ч ;"
    "ş > ш ; Ş > Ш ; y > ы ; Y > Ы ; c > с ; C > С ; w > у ; W > У ; x > кс ; X > Кс ;";

}  // namespace

std::string kazakh_in_script(std::string_view text, std::string_view script) {
  icu::UnicodeString u = icu::UnicodeString::fromUTF8(icu::StringPiece(text.data(), static_cast<int32_t>(text.size())));
  // NFC first: a decomposed ä (a + U+0308) is one letter to the rules.
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  if (U_FAILURE(status)) throw AnalysisError("ICU NFC normaliser is unavailable");
  u = nfc->normalize(u, status);
  if (U_FAILURE(status)) throw AnalysisError("ICU NFC normalisation failed");
  thread_local Translit to_latin("newsidx-kk-Cyrl-Latn", kCyrillicToLatinRules);
  thread_local Translit to_cyrillic("newsidx-kk-Latn-Cyrl", kLatinToCyrillicRules);
  if (script == "Latn") {
    kazakh::arabic_to_cyrillic(u);
    to_latin.apply(u);
  } else if (script == "Cyrl") {
    kazakh::arabic_to_cyrillic(u);
    to_cyrillic.apply(u);
  } else if (script == "Arab") {
    kazakh::cyrillic_to_arabic(u);
  } else {
    throw InvalidArgument("unknown script \"" + std::string(script) + "\" (known: Arab, Cyrl, Latn)");
  }
  return to_utf8(u);
}

}  // namespace newsidx
