// Reads and validates one JSON Lines article.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include "newsidx/article.h"

namespace newsidx {

// Either the article, or a problem that names the field, e.g.
// `field "published": "2024-02-30T10:00:00Z" is not an ISO 8601 date-time with Z or an offset`.
using ParsedLine = std::variant<Article, std::string>;

ParsedLine parse_article_line(std::string_view line);

}  // namespace newsidx
