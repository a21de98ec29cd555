// Storing one article by its id: the one write that `newsindex add` into an
// existing index and ArticleWriter (the library's and the service's pushes)
// both make, with the same version rule.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <xapian.h>

#include "index/document_builder.h"
#include "newsidx/article.h"

namespace newsidx {

struct StoreOutcome {
  bool replaced = false;             // an article with this id was there
  std::optional<std::string> older;  // set: not stored, it is older than the stored version (why)
};

// Adds `article` (whose line of the article format is `json`) to `db`, or
// replaces the article with its id unless the stored one is a later version.
// Throws Xapian::Error.
StoreOutcome store_article(Xapian::WritableDatabase& db, DocumentBuilder& builder, const Article& article,
                           std::string_view json);

}  // namespace newsidx
