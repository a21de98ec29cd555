// Which field of a JSON Lines article a parse error is in, so that the
// message can name it.
#pragma once

#include <string>
#include <string_view>

namespace newsidx {

// The top-level member whose value is being read where parsing `text`
// stops (at a syntax error, an over-large number, or the end of a cut text),
// or "" when it stops outside any member's value.
std::string field_at_failure(std::string_view text);

}  // namespace newsidx
