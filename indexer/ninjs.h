// IPTC ninjs ("News in JSON", versions 1.x to 3.x) as the article format.
// The mapping, field by field, is README.md's "IPTC ninjs" table.
#pragma once

#include <string>
#include <string_view>

#include "indexer/article_reader.h"

namespace newsidx {

// An item mapped: the article and its line of the article format (what
// the index stores), or the problem, naming the ninjs field as the item
// spells it: `ninjs field "pubStatus": "draft" is not usable, withheld or canceled`.
struct NinjsArticle {
  ParsedLine parsed;
  std::string line;  // when parsed holds the article
};

NinjsArticle parse_ninjs_item(std::string_view item);

}  // namespace newsidx
