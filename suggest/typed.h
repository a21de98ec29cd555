// From what a reader typed to completions: the typed words folded every way
// their script allows (analysis/completion_keys.h), in each edition's
// family, and when nothing completes as typed, the text read through the
// other keyboard layouts (suggest/layouts.h).
#pragma once

#include <cstdint>

#include "analysis/completion_keys.h"
#include "newsidx/suggest.h"
#include "suggest/suggest_index.h"

namespace newsidx::suggest {

// Throws InvalidArgument for a prefix over kMaxSuggestPrefixBytes or not
// UTF-8, an unknown language, or a limit of 0 or over kMaxSuggestLimit.
void check_request(const SuggestRequest& request);

// The completions of request.prefix at `now` (request checked).
SuggestResult complete_typed(const Index& index, const SuggestRequest& request, std::int64_t now, CompletionKeys& keys);

}  // namespace newsidx::suggest
