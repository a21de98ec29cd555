#include "analysis/translit.h"

#include <map>
#include <mutex>

#include <unicode/parseerr.h>

#include "newsidx/errors.h"

namespace newsidx {
namespace {

// Compiled rule sets, shared as prototypes: compiling takes milliseconds,
// cloning microseconds.
const icu::Transliterator& prototype(const char* id, const char* rules) {
  static std::mutex mutex;
  static std::map<std::string, std::unique_ptr<icu::Transliterator>> compiled;
  std::lock_guard<std::mutex> lock(mutex);
  auto& slot = compiled[id];
  if (!slot) {
    UParseError where{};
    UErrorCode status = U_ZERO_ERROR;
    slot.reset(icu::Transliterator::createFromRules(
        icu::UnicodeString::fromUTF8(id), icu::UnicodeString::fromUTF8(rules), UTRANS_FORWARD, where, status));
    if (U_FAILURE(status) || !slot) {
      slot.reset();
      throw AnalysisError(std::string("transliteration rules ") + id + " do not compile: " + u_errorName(status) +
                          " at rule line " + std::to_string(where.line) + ", offset " + std::to_string(where.offset));
    }
  }
  return *slot;
}

}  // namespace

Translit::Translit(const char* id, const char* rules) : impl_(prototype(id, rules).clone()) {
  if (!impl_) throw AnalysisError(std::string("cannot clone transliterator ") + id);
}

Translit::Translit(const Translit& other) : impl_(other.impl_->clone()) {
  if (!impl_) throw AnalysisError("cannot clone transliterator");
}

}  // namespace newsidx
