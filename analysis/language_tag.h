// BCP 47 language tags (RFC 5646): well-formedness and the canonical case.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsidx {

// The tag in RFC 5646's recommended case (language and variants in lower
// case, script in title case, region in upper case: "KK-latn-kz" is
// "kk-Latn-KZ"), or nothing when it is not a well-formed language tag.
// Grandfathered tags ("i-klingon") and a private-use tag alone ("x-foo")
// are not taken: an article's language is a language.
std::optional<std::string> canonical_language_tag(std::string_view tag);

}  // namespace newsidx
