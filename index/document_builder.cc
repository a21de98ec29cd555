#include "index/document_builder.h"

#include <cstdio>

#include "analysis/fold.h"
#include "common/date.h"
#include "common/hash.h"
#include "index/article_codec.h"
#include "index/schema.h"
#include "index/stored_article.h"

namespace newsidx {
namespace {

void add_boolean(Xapian::Document& doc, const char* prefix, const std::string& value) {
  doc.add_boolean_term(schema::boolean_term(prefix, value));
}

}  // namespace

Xapian::termpos DocumentBuilder::add_field(Xapian::Document& doc, const std::string& text, const std::string& lang,
                                           Xapian::termpos pos, unsigned wdf, std::uint64_t& fingerprint) {
  if (text.empty()) return pos;
  analyzer_.for_each_token(text, lang, [&](const TokenView& t) {
    term_.assign(t.term);
    if (!t.is_subword) {
      ++pos;
      fnv1a_mix(fingerprint, t.term);
      if (!t.skeleton.empty()) doc.add_term(prefixed(schema::kSkeleton, t.skeleton));
    }
    doc.add_posting(term_, pos, wdf);
  });
  return pos + schema::kFieldGap;
}

const std::string& DocumentBuilder::prefixed(const char* prefix, std::string_view term) {
  prefixed_.assign(prefix);
  prefixed_.append(term);
  return prefixed_;
}

Xapian::Document DocumentBuilder::build(const Article& a, std::string_view stored_json) {
  Xapian::Document doc;
  std::uint64_t title_fp = kFnv1aOffset, lead_fp = kFnv1aOffset, body_fp = kFnv1aOffset;
  add_field(doc, a.title, a.lang, 0, schema::kTitleWdf, title_fp);
  Xapian::termpos pos = add_field(doc, a.lead, a.lang, schema::kLeadStart, schema::kLeadWdf, lead_fp);
  add_field(doc, a.body, a.lang, pos, schema::kBodyWdf, body_fp);
  // Re-publications repeat the body (often under a new lead); articles
  // without one repeat their lead or title.
  // The language code is mixed in: the same story in another script is
  // another edition's article, not a duplicate.
  std::uint64_t fp = body_fp != kFnv1aOffset ? body_fp : lead_fp != kFnv1aOffset ? lead_fp : title_fp;
  doc.add_value(schema::kSlotStory, schema::encode_fingerprint(fp));
  fnv1a_mix(fp, a.lang);
  doc.add_value(schema::kSlotFingerprint, schema::encode_fingerprint(fp));

  add_boolean(doc, schema::kId, a.id);
  add_boolean(doc, schema::kLang, base_language(a.lang));
  if (!a.category.empty()) add_boolean(doc, schema::kCategory, fold_exact(a.category));
  if (!a.author.empty()) add_boolean(doc, schema::kAuthor, fold_exact(a.author));
  for (const auto& tag : a.tags) add_boolean(doc, schema::kTag, fold_exact(tag));
  if (a.status != ArticleStatus::published) doc.add_boolean_term(schema::kHidden);
  if (a.embargo_unix != 0)
    doc.add_value(schema::kSlotEmbargo, Xapian::sortable_serialise(static_cast<double>(a.embargo_unix)));

  doc.add_value(schema::kSlotPublished, Xapian::sortable_serialise(static_cast<double>(a.published_unix)));
  doc.add_value(schema::kSlotLang, a.lang);
  if (!a.category.empty()) doc.add_value(schema::kSlotCategory, a.category);
  const std::string day = format_day(a.published_unix);
  doc.add_value(schema::kSlotMonth, day.substr(0, 4) + "-" + day.substr(4, 2));
  if (!a.tags.empty()) {
    std::string tags;
    for (const auto& t : a.tags) tags += (tags.empty() ? "" : std::string(1, schema::kTagSeparator)) + t;
    doc.add_value(schema::kSlotTags, tags);
  }
  const std::string summary = encode_summary(a);
  doc.add_value(schema::kSlotArticle, pack_article(stored_json.empty() ? article_to_json(a) : stored_json, summary));
  doc.add_value(schema::kSlotSummary, summary);
  return doc;
}

}  // namespace newsidx
