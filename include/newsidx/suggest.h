// Completions as a reader types: the names, places and words of titles,
// editorial tags as written, and headlines, found from a prefix typed in
// any script (Kazakh in Cyrillic, either Latin alphabet, the Arabic script
// or ASCII meets the same completions) or with the wrong keyboard layout,
// and ranked by how often they occur, how recent and how read their
// articles are (Searcher::suggest).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace newsidx {

inline constexpr std::size_t kMaxSuggestLimit = 20;
inline constexpr std::size_t kMaxSuggestPrefixBytes = 256;

struct SuggestRequest {
  std::string prefix;
  // Only this edition ("kk" covers every Kazakh script), shown as its
  // articles spell it. Default: none (every edition, shown in the script
  // typed).
  std::optional<std::string> lang;
  // Default: 8; at most kMaxSuggestLimit.
  std::size_t limit = 8;
  // The time "now" for freshness and embargoes, unix seconds.
  // Default: none (the clock).
  std::optional<std::int64_t> now;
};

struct Suggestion {
  std::string text;  // as the articles spell it
  std::string kind;  // "phrase", "tag" or "headline"
  std::string lang;  // the edition code of the spelling shown
  std::string id;    // the article, for a headline; else empty
};

struct SuggestResult {
  std::string q;
  // The keyboard layout the prefix was read through ("ru", "kk" or "en")
  // when it completed only so; none when it completed as typed.
  std::optional<std::string> layout;
  std::vector<Suggestion> suggestions;
};

}  // namespace newsidx
