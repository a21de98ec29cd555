// Uzbek script folding: Cyrillic Uzbek maps to the Latin alphabet, and the
// Latin form drops the apostrophe-like marks of oʻ gʻ and the tutuq belgisi,
// which people type in five different ways (ʻ ʼ ' ’ `).
#pragma once

namespace newsidx::uzbek {

extern const char* const kCyrillicRules;  // Cyrillic -> Latin
extern const char* const kLatinRules;     // Latin -> canonical Latin

}  // namespace newsidx::uzbek
