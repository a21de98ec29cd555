// The forms completions are found by: a word folded as the analyzer folds
// it, unstemmed, so that a typed prefix folds to a prefix of the word's
// form. Kazakh words fold further to their skeleton (and х to к), so that
// Cyrillic, both Latin alphabets, the Arabic script and plain ASCII typing
// meet. Each key belongs to a family: the language of the reading ("kk",
// "ru", "en", "uz", "zh", or "" for numbers and other scripts).
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsidx {

struct CompletionKey {
  std::string family;
  std::string key;
  bool operator==(const CompletionKey& o) const { return family == o.family && key == o.key; }
};

// Not safe for concurrent use: one per thread, like an Analyzer.
class CompletionKeys {
 public:
  CompletionKeys();
  ~CompletionKeys();
  CompletionKeys(const CompletionKeys&) = delete;
  CompletionKeys& operator=(const CompletionKeys&) = delete;

  // Calls f(begin, end) for each word of `text` (the analyzer's word breaking).
  void for_each_word(std::string_view text, const std::function<void(std::size_t, std::size_t)>& f);

  // Calls f(begin, end, key) for each word of a text of an article in
  // `lang` (an article language code; InvalidArgument for another); the
  // key is empty for a word that has none.
  void for_each_article_word(std::string_view text, std::string_view lang,
                             const std::function<void(std::size_t, std::size_t, const CompletionKey&)>& f);

  // Every key a typed word may stand for; with `lang`, only that
  // language's readings (for a Kazakh edition also English loans).
  std::vector<CompletionKey> of_typed_word(std::string_view word, const std::optional<std::string>& lang);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsidx
