#include "analysis/fold.h"

#include <unicode/normalizer2.h>
#include <unicode/uchar.h>
#include <unicode/unistr.h>

#include "newsidx/errors.h"

namespace newsidx {

std::string fold_exact(std::string_view value) {
  UErrorCode status = U_ZERO_ERROR;
  static const icu::Normalizer2* fold = icu::Normalizer2::getNFKCCasefoldInstance(status);
  if (!fold) throw AnalysisError(std::string("ICU NFKC_Casefold normaliser: ") + u_errorName(status));
  icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(value.data(), static_cast<int32_t>(value.size())));
  icu::UnicodeString folded = fold->normalize(text, status);
  if (U_FAILURE(status)) throw AnalysisError(std::string("NFKC_Casefold: ") + u_errorName(status));
  folded.findAndReplace(u"ё", u"е");
  icu::UnicodeString out;
  bool space = false;
  for (int32_t i = 0; i < folded.length(); ++i) {
    const char16_t c = folded[i];
    if (u_isUWhiteSpace(c)) {
      space = !out.isEmpty();
      continue;
    }
    if (space) out.append(u' ');
    space = false;
    out.append(c);
  }
  std::string utf8;
  out.toUTF8String(utf8);
  return utf8;
}

}  // namespace newsidx
