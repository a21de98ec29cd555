#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsidx {

// The byte offset of the first invalid UTF-8 sequence, or nullopt when the
// text is valid (overlong forms, surrogates and code points past U+10FFFF
// are invalid).
std::optional<std::size_t> find_invalid_utf8(std::string_view text);

// Text as a message may quote it: control characters and bytes that are not
// valid UTF-8 as \xNN, cut after `max` bytes of the input with "...".
std::string printable(std::string_view text, std::size_t max = 80);

}  // namespace newsidx
