// The first page of a search without an edition, not one edition's alone
// when another has a strong match.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

namespace newsidx {

inline constexpr std::size_t kMixFirstPage = 10;  // the page the rule is about, whatever the page size asked
inline constexpr std::size_t kMixWindow = 50;     // the matches another edition's best is looked for in
inline constexpr double kMixMinShare = 0.5;       // of the first match's score, for a match to be strong
inline constexpr std::size_t kMixMostEditions = 3;

// The rule: when the first kMixFirstPage of the ranked matches are all of
// one edition (their base language), the best match of each other edition
// within the first kMixWindow whose score is at least kMixMinShare of the
// first's (up to kMixMostEditions, the best ranked first) takes a place at
// the end of the first page; the matches it passes move down one place
// each. `edition_of(i)` is asked only as far as the rule needs. Returns the
// new order as indexes into the input; only places before kMixWindow
// change, so every page after them is the same as without the rule.
std::vector<std::size_t> mixed_order(std::size_t matches, const std::function<std::string(std::size_t)>& edition_of,
                                     const std::vector<double>& scores);

}  // namespace newsidx
