// Small text checks shared by the stages.
#pragma once

#include <string_view>

namespace newsidx {

// Only spaces and line breaks: an empty required field, a tag that carries nothing.
inline bool is_blank(std::string_view s) { return s.find_first_not_of(" \t\r\n") == std::string_view::npos; }

}  // namespace newsidx
