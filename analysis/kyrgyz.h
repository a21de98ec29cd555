// Kyrgyz: a conservative stemmer of the project's own.
#pragma once

#include <string>
#include <string_view>

namespace newsidx {

// The stem of a case-folded Kyrgyz Cyrillic word (ё as е): at most one case,
// one possessive and one plural ending taken off, each in its four vowel
// harmonies (-дан -ден -дон -дөн) and only after the letters that call for
// it, so that a word that merely ends like one (Бишкек, Талас) keeps it.
std::string kyrgyz_stem(std::string_view word);

}  // namespace newsidx
