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

// The article as a JSON object in the input format (what the index stores).
std::string article_to_json(const Article& article);

// Parses the stored form back; throws DatabaseError when it is damaged.
Article article_from_json(std::string_view json);

// The stored form read back without validating it again (it was validated
// when it was indexed): a search with snippets reads one per result.
// Throws DatabaseError when it is not a JSON object.
Article stored_article(std::string_view json);

// What a result line shows of an article.
ArticleSummary summary_of(const Article& article);

// The fields a result shows (no lead, body or author) in a compact stored
// form, and back. It was validated when it was indexed, so decoding checks
// only its shape.
std::string encode_summary(const Article& article);
ArticleSummary decode_summary(std::string_view json);

}  // namespace newsidx
