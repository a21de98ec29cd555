// A transliterator built from the project's own ICU rules.
#pragma once

#include <memory>
#include <string>

#include <unicode/translit.h>
#include <unicode/unistr.h>

namespace newsidx {

// ICU text as UTF-8.
inline std::string to_utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

class Translit {
 public:
  // Compiles `rules` once per process per `id`; each Translit holds its own
  // clone, so separate instances may be used from separate threads.
  Translit(const char* id, const char* rules);
  Translit(const Translit& other);
  Translit& operator=(const Translit&) = delete;

  void apply(icu::UnicodeString& text) const { impl_->transliterate(text); }

 private:
  std::unique_ptr<icu::Transliterator> impl_;
};

}  // namespace newsidx
