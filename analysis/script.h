// Which writing system a word is in.
#pragma once

#include <string_view>

#include <unicode/umachine.h>

namespace newsidx {

enum class Script { Han, Cyrillic, Latin, Arabic, Number, Other };

// The script of the first letter of a UTF-8 word; Number when it has digits
// and no letters.
Script script_of(std::string_view utf8_word);

// The script of one code point: Han for Chinese characters, kana and
// Hangul; Number for a digit; Other for punctuation, marks and spaces.
Script script_of_char(UChar32 c);

bool is_ascii(std::string_view s);

// Number of code points in valid UTF-8.
std::size_t code_points(std::string_view s);

}  // namespace newsidx
