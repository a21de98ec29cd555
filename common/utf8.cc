#include "common/utf8.h"

#include <algorithm>
#include <cstdio>

#include <unicode/utf8.h>

namespace newsidx {

std::optional<std::size_t> find_invalid_utf8(std::string_view text) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(text.size());
  for (int32_t i = 0; i < n;) {
    if (s[i] < 0x80) {
      ++i;
      continue;
    }
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);  // ICU's strict decoder: c < 0 for any ill-formed sequence
    if (c < 0) return static_cast<std::size_t>(start);
  }
  return std::nullopt;
}

std::string printable(std::string_view text, std::size_t max) {
  const auto* s = reinterpret_cast<const uint8_t*>(text.data());
  const int32_t n = static_cast<int32_t>(std::min(text.size(), max));
  std::string out;
  auto escape = [&out](uint8_t byte) {
    char hex[5];
    std::snprintf(hex, sizeof hex, "\\x%02X", byte);
    out += hex;
  };
  for (int32_t i = 0; i < n;) {
    const int32_t start = i;
    UChar32 c;
    U8_NEXT(s, i, n, c);
    if (c < 0 || c < 0x20 || c == 0x7F) {
      for (int32_t k = start; k < i; ++k) escape(s[k]);
    } else {
      out.append(text.data() + start, static_cast<std::size_t>(i - start));
    }
  }
  if (text.size() > max) out += "...";
  return out;
}

}  // namespace newsidx
