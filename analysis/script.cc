#include "analysis/script.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace newsidx {

namespace {

// A code point's script; `neutral` for spaces, punctuation, marks and
// digits, which belong to no script (a digit is Number).
Script classify(UChar32 c, bool& neutral) {
  neutral = false;
  if (c < 0x80) {
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return Script::Latin;
    neutral = true;
    return c >= '0' && c <= '9' ? Script::Number : Script::Other;
  }
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode code = uscript_getScript(c, &status);
  if (U_FAILURE(status)) return Script::Other;
  switch (code) {
    case USCRIPT_HAN:
    case USCRIPT_HIRAGANA:
    case USCRIPT_KATAKANA:
    case USCRIPT_HANGUL: return Script::Han;
    case USCRIPT_CYRILLIC: return Script::Cyrillic;
    case USCRIPT_LATIN: return Script::Latin;
    case USCRIPT_ARABIC: return Script::Arabic;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED: neutral = true; return u_isdigit(c) ? Script::Number : Script::Other;
    default: return Script::Other;
  }
}

}  // namespace

Script script_of_char(UChar32 c) {
  bool neutral = false;
  return classify(c, neutral);
}

Script script_of(std::string_view word) {
  const auto* s = reinterpret_cast<const uint8_t*>(word.data());
  const int32_t n = static_cast<int32_t>(word.size());
  bool digits = false;
  for (int32_t i = 0; i < n;) {
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0) continue;
    bool neutral = false;
    const Script script = classify(c, neutral);
    if (!neutral) return script;
    digits |= script == Script::Number;
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
