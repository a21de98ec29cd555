#include "suggest/layouts.h"

#include <unicode/uchar.h>
#include <unicode/unistr.h>

namespace newsidx::suggest {
namespace {

// The keys of the US layout, unshifted then shifted, and what the Russian
// layout gives for each; the Kazakh layout differs on the digit row.
constexpr std::u16string_view kUs = u"`qwertyuiop[]asdfghjkl;'zxcvbnm,./~QWERTYUIOP{}ASDFGHJKL:\"ZXCVBNM<>?";
constexpr std::u16string_view kRu = u"ёйцукенгшщзхъфывапролджэячсмитьбю.ЁЙЦУКЕНГШЩЗХЪФЫВАПРОЛДЖЭЯЧСМИТЬБЮ,";
constexpr std::u16string_view kUsDigits = u"234567890-=";
constexpr std::u16string_view kKkDigits = u"әіңғ,.үұқөһ";
constexpr std::u16string_view kKkUpper = u"ӘІҢҒ,.ҮҰҚӨҺ";

std::u16string_view as_view(const icu::UnicodeString& s) {
  return {reinterpret_cast<const char16_t*>(s.getBuffer()), static_cast<std::size_t>(s.length())};
}

// `text` with each character found in `from` replaced by the one at the
// same place in `to` (with `letters_only`, letters only: a Cyrillic text's
// full stop stays one); whether any was.
bool map_keys(icu::UnicodeString& text, std::u16string_view from, std::u16string_view to, bool letters_only = false) {
  bool changed = false;
  for (int32_t i = 0; i < text.length(); ++i) {
    if (letters_only && !u_isalpha(text[i])) continue;
    const auto at = from.find(text[i]);
    if (at == std::u16string_view::npos || at >= to.size()) continue;
    text.setCharAt(i, to[at]);
    changed = true;
  }
  return changed;
}

bool has_letter_in(const icu::UnicodeString& text, std::u16string_view letters) {
  for (char16_t c : as_view(text))
    if (u_isalpha(c) && letters.find(c) != std::u16string_view::npos) return true;
  return false;
}

std::string utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

}  // namespace

std::vector<Retyped> through_other_layouts(std::string_view typed) {
  const icu::UnicodeString text =
      icu::UnicodeString::fromUTF8(icu::StringPiece(typed.data(), static_cast<int32_t>(typed.size())));
  std::vector<Retyped> out;
  if (has_letter_in(text, kUs)) {
    icu::UnicodeString ru = text;
    map_keys(ru, kUs, kRu);
    icu::UnicodeString kk = ru;
    if (map_keys(kk, kUsDigits, kKkDigits)) out.push_back({"kk", utf8(kk)});
    out.push_back({"ru", utf8(ru)});
  }
  if (has_letter_in(text, kRu) || has_letter_in(text, kKkDigits) || has_letter_in(text, kKkUpper)) {
    icu::UnicodeString en = text;
    map_keys(en, kRu, kUs, true);
    map_keys(en, kKkDigits, kUsDigits, true);
    map_keys(en, kKkUpper, kUsDigits, true);
    out.push_back({"en", utf8(en)});
  }
  return out;
}

}  // namespace newsidx::suggest
