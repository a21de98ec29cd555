#pragma once

#include <string>
#include <string_view>

namespace newsidx {

// The form an exact-match value (tag, category, author) is indexed under:
// NFKC, case folded, ё as е, spaces trimmed and runs of them made one, so
// `tag:"kazakhstan  referendum"` finds "Kazakhstan Referendum".
std::string fold_exact(std::string_view value);

}  // namespace newsidx
