// What the index stores of an article, and reads back: the article as
// packed JSON (schema::kSlotArticle, article_codec.h) and the compact result summary
// (schema::kSlotSummary). Both were validated when they were indexed, so
// reading them checks only their shape.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "newsidx/article.h"
#include "newsidx/errors.h"

namespace newsidx {

// A stored value that does not read back: the reader says which index and
// what to do.
class DamagedData : public DatabaseError {
 public:
  using DatabaseError::DatabaseError;
};

// Why `incoming` must not replace `stored` (it is an older version), or nullopt.
std::optional<std::string> older_than_stored(const Article& incoming, const Article& stored);

// The article as a JSON object in the input format.
std::string article_to_json(const Article& article);

// The stored JSON (article_codec.h unpacks it) read back. Throws
// DamagedData when it is not a JSON object.
Article stored_article(std::string_view json);

// What a result line shows of an article.
ArticleSummary summary_of(const Article& article);

// The fields a result shows (no lead, body or author) joined by control
// characters, and back. Throws DamagedData when the stored form is damaged.
std::string encode_summary(const Article& article);
ArticleSummary decode_summary(std::string_view stored);
// Its fields as views into `stored`, for reading many summaries without
// copying what is not needed; `tags` as stored, separated by kTagSep.
struct SummaryFields {
  std::string_view id, title, url, lang, published, category, tags;
};
SummaryFields summary_fields(std::string_view stored);
// Only its language code (a view into `stored`).
std::string_view summary_language(std::string_view stored);
// Only its article id, the first field (a view into `stored`; unchecked, as
// the id is read wherever a result is ranked).
std::string_view summary_id(std::string_view stored);

}  // namespace newsidx
