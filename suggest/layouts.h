// Text typed with the wrong keyboard layout switched on, read as typed on
// the right one: US QWERTY keys as the Russian ЙЦУКЕН layout gives them
// ("ghtpbltyn" is президент), as the Kazakh layout gives them (the Russian
// letters, with ә і ң ғ ү ұ қ ө һ on the digit row), and the Cyrillic
// layouts' letters back to the US keys.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace newsidx::suggest {

struct Retyped {
  std::string layout;  // the layout the text is read through: "ru", "kk" or "en"
  std::string text;
};

// The readings of `typed` through the other layouts that change it: none
// when it holds letters of neither the US nor a Cyrillic layout. Characters
// the layout has no key for stay as they are.
std::vector<Retyped> through_other_layouts(std::string_view typed);

}  // namespace newsidx::suggest
