#include "suggest/contributions.h"

#include <algorithm>
#include <string_view>

#include "newsidx/article.h"
#include "suggest/code_points.h"

namespace newsidx::suggest {
namespace {

constexpr std::size_t kMaxPhraseWords = 3, kMinWordLetters = 3;

bool is_capitalised(std::string_view word) { return u_isupper(first_code_point(word)); }
bool has_letter(std::string_view word) {
  return any_code_point(word, [](UChar32 c) { return u_isalpha(c); });
}
std::size_t code_points(std::string_view word) {
  return count_code_points(word, [](UChar32) { return true; });
}

struct Word {
  std::size_t begin, end;
  std::string key;
};

std::vector<Word> words_of(const std::string& text, const std::string& lang, CompletionKeys& keys) {
  std::vector<Word> words;
  keys.for_each_article_word(text, lang, [&](std::size_t b, std::size_t e, const CompletionKey& k) {
    if (!k.key.empty()) words.push_back({b, e, k.key});
  });
  return words;
}

std::string joined(const std::string& family, const std::vector<Word>& words, std::size_t from, std::size_t to) {
  std::string key;
  for (std::size_t i = from; i < to; ++i) append_word_key(key, words[i].key);
  return family + kFamilyEnd + key;
}

}  // namespace

std::vector<Contribution> contributions_of(const Source& a, CompletionKeys& keys) {
  const std::string family = base_language(a.lang);
  const std::string_view title = a.title;
  std::vector<Contribution> out;
  const std::vector<Word> words = words_of(a.title, a.lang, keys);
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string_view word = title.substr(words[i].begin, words[i].end - words[i].begin);
    if (has_letter(word) && code_points(word) >= (is_han(word) ? 2 : kMinWordLetters))
      out.push_back({joined(family, words, i, i + 1), Kind::phrase, std::string(word)});
    if (!is_capitalised(word)) continue;
    for (std::size_t n = 2; n <= kMaxPhraseWords && i + n <= words.size(); ++n) {
      const Word& last = words[i + n - 1];
      if (!is_capitalised(title.substr(last.begin))) break;
      out.push_back({joined(family, words, i, i + n), Kind::phrase,
                     std::string(title.substr(words[i].begin, last.end - words[i].begin))});
    }
  }
  if (!words.empty()) out.push_back({joined(family, words, 0, words.size()), Kind::headline, a.title});
  for (const std::string& tag : a.tags) {
    const std::vector<Word> tag_words = words_of(tag, a.lang, keys);
    if (!tag_words.empty()) out.push_back({joined(family, tag_words, 0, tag_words.size()), Kind::tag, tag});
  }
  // Each once per article: a word twice in a title counts one article.
  std::sort(out.begin(), out.end(), [](const Contribution& x, const Contribution& y) {
    return std::tie(x.key, x.kind) < std::tie(y.key, y.kind);
  });
  out.erase(
      std::unique(out.begin(), out.end(),
                  [](const Contribution& x, const Contribution& y) { return x.key == y.key && x.kind == y.kind; }),
      out.end());
  return out;
}

}  // namespace newsidx::suggest
