#include "suggest/typed.h"

#include <algorithm>
#include <set>

#include <unicode/uscript.h>

#include "analysis/languages.h"
#include "common/utf8.h"
#include "newsidx/article.h"
#include "newsidx/errors.h"
#include "suggest/code_points.h"
#include "suggest/layouts.h"

namespace newsidx::suggest {
namespace {

// The editions' families. A word of any edition may be a number, and of
// any but Kazakh an English loan (a Kazakh article's Latin words have
// Kazakh keys: analysis/completion_keys.h).
const char* const kFamilies[] = {"en", "kk", "ru", "uz", "zh"};
bool fits_family(const std::string& key_family, const std::string& family) {
  return key_family == family || key_family.empty() || (key_family == "en" && family != "kk");
}
// Prefixes tried per family, at most (each word may have several keys).
constexpr std::size_t kMaxCombinations = 8;
// One typo is tolerated from this many letters typed.
constexpr std::size_t kTypoFromLetters = 4;

// The script of the first letter that has one of those completions show.
std::string script_of_text(std::string_view text) {
  std::string script;
  any_code_point(text, [&](UChar32 c) {
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(c, &status)) {
      case USCRIPT_LATIN: script = "Latn"; return true;
      case USCRIPT_CYRILLIC: script = "Cyrl"; return true;
      case USCRIPT_ARABIC: script = "Arab"; return true;
      case USCRIPT_HAN: script = "Hani"; return true;
      default: return false;
    }
  });
  return script;
}

std::size_t letters_in(std::string_view text) {
  return count_code_points(text, [](UChar32 c) { return u_isalpha(c); });
}

// A last ASCII letter that may begin a Latin digraph (sh, zh, ch, kh) is
// also read as that digraph: "S" may be the start of "Shymkent".
std::vector<CompletionKey> keys_of_last_word(std::string_view word, const std::optional<std::string>& lang,
                                             CompletionKeys& keys) {
  std::vector<CompletionKey> out = keys.of_typed_word(word, lang);
  const char last = word.empty() ? '\0' : static_cast<char>(std::tolower(static_cast<unsigned char>(word.back())));
  if (last == 's' || last == 'z' || last == 'c' || last == 'k')
    for (CompletionKey& k : keys.of_typed_word(std::string(word) + "h", lang))
      if (std::find(out.begin(), out.end(), k) == out.end()) out.push_back(std::move(k));
  return out;
}

// The folded prefixes of `text`: per family, each word's keys of that
// family (or a loan's), joined by spaces.
std::vector<Prefix> prefixes_of(std::string_view text, const std::optional<std::string>& lang,
                                const std::vector<std::string>& families, CompletionKeys& keys) {
  std::vector<std::string> words;
  keys.for_each_word(text, [&](std::size_t b, std::size_t e) { words.emplace_back(text.substr(b, e - b)); });
  std::vector<std::vector<CompletionKey>> word_keys;
  for (std::size_t i = 0; i < words.size(); ++i)
    word_keys.push_back(i + 1 == words.size() ? keys_of_last_word(words[i], lang, keys)
                                              : keys.of_typed_word(words[i], lang));
  std::vector<Prefix> out;
  if (words.empty()) return out;
  for (const std::string& family : families) {
    if (lang && base_language(*lang) != family) continue;
    std::vector<std::string> joined{""};
    for (const auto& options : word_keys) {
      std::vector<std::string> next;
      for (const std::string& stem : joined)
        for (const CompletionKey& k : options)
          if (fits_family(k.family, family) && next.size() < kMaxCombinations) {
            next.push_back(stem);
            append_word_key(next.back(), k.key);
          }
      joined = std::move(next);
    }
    for (std::string& key : joined) out.push_back({family, std::move(key)});
  }
  return out;
}

std::vector<Suggestion> suggestions_of(const std::vector<Completion>& found) {
  std::vector<Suggestion> out;
  for (const Completion& c : found) out.push_back({c.text, kind_name(c.kind), c.lang, c.id});
  return out;
}

}  // namespace

void check_request(const SuggestRequest& r) {
  if (r.prefix.size() > kMaxSuggestPrefixBytes)
    throw InvalidArgument("the prefix is " + std::to_string(r.prefix.size()) + " bytes, over the maximum of " +
                          std::to_string(kMaxSuggestPrefixBytes));
  if (const auto bad = find_invalid_utf8(r.prefix))
    throw InvalidArgument("the prefix is not UTF-8 (byte " + std::to_string(*bad) + ")");
  if (r.limit == 0 || r.limit > kMaxSuggestLimit)
    throw InvalidArgument("limit " + std::to_string(r.limit) + " is not 1 to " + std::to_string(kMaxSuggestLimit));
  if (r.lang) parse_language(*r.lang);
}

SuggestResult complete_typed(const Index& index, const SuggestRequest& r, std::int64_t now, CompletionKeys& keys) {
  SuggestResult result;
  result.q = r.prefix;
  const Display display{r.lang, script_of_text(r.prefix)};
  const bool typos = letters_in(r.prefix) >= kTypoFromLetters;
  // The editions' families, and any other the index holds.
  std::vector<std::string> families(std::begin(kFamilies), std::end(kFamilies));
  for (std::string& f : index.families())
    if (std::find(families.begin(), families.end(), f) == families.end()) families.push_back(std::move(f));
  const std::vector<Prefix> as_typed = prefixes_of(r.prefix, r.lang, families, keys);
  std::vector<Completion> found = index.complete(as_typed, display, r.limit, now, false);
  if (found.empty()) {
    for (const Retyped& retyped : through_other_layouts(r.prefix)) {
      found = index.complete(prefixes_of(retyped.text, r.lang, families, keys),
                             Display{r.lang, script_of_text(retyped.text)}, r.limit, now, false);
      if (!found.empty()) {
        result.layout = retyped.layout;
        break;
      }
    }
  }
  if (!result.layout && found.size() < r.limit && typos) found = index.complete(as_typed, display, r.limit, now, true);
  result.suggestions = suggestions_of(found);
  return result;
}

}  // namespace newsidx::suggest
