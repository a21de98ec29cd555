// The HTTP API's query-string parameters, checked and turned into library
// requests. Every mistake names its parameter; the service answers it 400.
#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "newsidx/searcher.h"

namespace newsidx::service {

// Decoded query-string parameters.
using Params = std::multimap<std::string, std::string>;

struct ParamError {
  std::string parameter;
  std::string message;  // "limit must be a whole number from 0 to 100, not \"x\""
};

// The path of a request target, %XX decoded ("/api/articles/a%2Fb" is
// "/api/articles/a/b"; "+" stays).
std::string request_path(std::string_view target);

// The query string of a request target ("/api/search?q=a&lang=kk"), as
// sent: each parameter split at its first "=" ("q=a=b" is q = "a=b"),
// "+" and %XX decoded, repeats kept (so that they are refused).
Params query_params(std::string_view target);

// Documented in README.md ("HTTP API").
inline constexpr std::size_t kMaxApiLimit = 100;
inline constexpr std::size_t kMaxApiOffset = 10000;

// /api/search: q (required), lang, category, tag, since, until, sort, offset,
// limit, facets, fresh, half_life, any, all_copies. Throws ParamError.
SearchRequest search_request(const Params& params);

// /api/articles/{id}/related: limit, lang, any_lang, half_life, explain.
RelatedOptions related_options(const Params& params);

// /api/popular: window, at, lang, category, top, trending, half_life.
struct PopularQuery {
  PopularRequest request;
  std::string window;  // as given, echoed in the answer
};
PopularQuery popular_query(const Params& params);

// /api/suggest: q, lang, limit (1 to 20, default 8), at.
SuggestRequest suggest_request(const Params& params);

// POST /api/articles: strict (store none when one is rejected).
bool push_strict(const Params& params);

// /api/articles/{id}: script (Arab, Cyrl or Latn: a Kazakh article in
// that script), or nullopt.
std::optional<std::string> article_script(const Params& params);

// Parameters an endpoint takes none of: throws ParamError for any given.
void no_params(const Params& params);

}  // namespace newsidx::service
