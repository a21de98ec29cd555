#include "indexer/article_store.h"

#include "index/article_codec.h"
#include "index/schema.h"
#include "index/stored_article.h"

namespace newsidx {

StoreOutcome store_article(Xapian::WritableDatabase& db, DocumentBuilder& builder, const Article& article,
                           std::string_view json) {
  const std::string id_term = schema::kId + article.id;
  StoreOutcome outcome;
  const auto existing = db.postlist_begin(id_term);
  if (existing != db.postlist_end(id_term)) {
    outcome.replaced = true;
    if (revision_of(article))
      outcome.older =
          older_than_stored(article, stored_article(article_json_of(db.get_document(*existing))));
    if (outcome.older) return outcome;
  }
  db.replace_document(id_term, builder.build(article, json));
  return outcome;
}

}  // namespace newsidx
