// The JSON objects that `newssearch ... --json` prints and the HTTP API
// returns: defined once, so the shell and the service never drift apart
// (README.md documents every key).
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsidx/searcher.h"

namespace newsidx::service {

nlohmann::json search_json(const SearchResult& result);
nlohmann::json related_json(const std::string& id, const std::vector<RelatedHit>& hits);
// `window` as the caller gave it ("24h"); `score` is included when trending.
// {"q", "layout": null or the layout, "suggestions": [{"text", "kind", "lang", "id"?}]}
nlohmann::json suggest_json(const SuggestResult& result);
nlohmann::json popular_json(const std::string& window, bool trending, const PopularResult& result);
nlohmann::json article_json(const Article& article);
nlohmann::json health_json(const IndexInfo& info);

}  // namespace newsidx::service
