// UTF-8 text code point by code point, for the few character tests that
// completions make (valid UTF-8 only: a request is checked first).
#pragma once

#include <cstddef>
#include <string_view>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

namespace newsidx::suggest {

// Calls f(c) on each code point until f returns true; whether one did.
template <class F>
bool any_code_point(std::string_view text, F&& f) {
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
    if (f(c)) return true;
  }
  return false;
}

// How many code points of `text` `p` holds for.
template <class P>
std::size_t count_code_points(std::string_view text, P&& p) {
  std::size_t n = 0;
  any_code_point(text, [&](UChar32 c) {
    n += p(c) ? 1 : 0;
    return false;
  });
  return n;
}

inline UChar32 first_code_point(std::string_view text) {
  UChar32 first = 0;
  any_code_point(text, [&](UChar32 c) {
    first = c;
    return true;
  });
  return first;
}

inline bool is_han(std::string_view text) { return u_hasBinaryProperty(first_code_point(text), UCHAR_IDEOGRAPHIC); }

}  // namespace newsidx::suggest
