// Reads and validates one JSON Lines article.
#pragma once

#include <string>
#include <string_view>
#include <variant>

#include <nlohmann/json.hpp>

#include "newsidx/article.h"

namespace newsidx {

// Either the article, or a problem that names the field, e.g.
// `field "published": "2024-02-30T10:00:00Z" is not an ISO 8601 date-time with Z or an offset`.
using ParsedLine = std::variant<Article, std::string>;

ParsedLine parse_article_line(std::string_view line);

// "a string", "a list", "a number" ...: what a message says a value is.
const char* json_type_name(const nlohmann::json& v);
// `problem`, after the name of the field it is in, if any.
std::string in_field(const std::string& field, const std::string& problem);
// nlohmann's message without its tag and preamble: "column 5: syntax error ...".
std::string json_problem(const nlohmann::json::exception& e);

}  // namespace newsidx
