#include "analysis/script.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace newsidx {

Script script_of(std::string_view word) {
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const int32_t n = static_cast<int32_t>(word.size());
  bool digits = false;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) continue;
    if (c < 0x80) {
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return Script::Latin;
      digits |= c >= '0' && c <= '9';
      continue;
    }
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(c, &status)) {
      case USCRIPT_HAN:
      case USCRIPT_HIRAGANA:
      case USCRIPT_KATAKANA:
      case USCRIPT_HANGUL:
        return Script::Han;
      case USCRIPT_CYRILLIC: return Script::Cyrillic;
      case USCRIPT_LATIN: return Script::Latin;
      case USCRIPT_ARABIC: return Script::Arabic;
      case USCRIPT_COMMON:
      case USCRIPT_INHERITED:
        digits |= u_isdigit(c) != 0;
        continue;
      default: return Script::Other;
    }
  }
  return digits ? Script::Number : Script::Other;
}

bool is_ascii(std::string_view s) {
  for (unsigned char c : s)
    if (c >= 0x80) return false;
  return true;
}

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace newsidx
