// Finding where a JSON value ends without parsing it: for splitting a
// document into items and for skipping the members a reader does not need.
#pragma once

#include <cstddef>
#include <string_view>

namespace newsidx {

// The end of the JSON value that starts at `at` (no white space before
// it): past its closing bracket or quote, or the end of a cut text; past a
// bare scalar (a number, true ...); a stray character alone is one value.
// Only brackets and strings are followed: whether the value is valid JSON
// is for a parser to say.
std::size_t json_value_end(std::string_view text, std::size_t at);

}  // namespace newsidx
