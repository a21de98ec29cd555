// What one article adds to the completions: the words of its title (three
// letters or more; two Chinese characters), the runs of two or three
// capitalised title words (names, places), its tags as written and its
// headline, each once, under its composite key.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/completion_keys.h"
#include "suggest/suggest_index.h"

namespace newsidx::suggest {

// One article as completions see it.
struct Source {
  std::string id, title, lang;  // lang: the article's language code
  std::vector<std::string> tags;
  std::int64_t published = 0;  // unix seconds
  std::uint64_t views = 0;     // in the last 7 days
};

struct Contribution {
  std::string key;  // family, kFamilyEnd, the key
  Kind kind = Kind::phrase;
  std::string text;  // as the article spells it
};

// Throws InvalidArgument for an unknown language code.
std::vector<Contribution> contributions_of(const Source& article, CompletionKeys& keys);

}  // namespace newsidx::suggest
