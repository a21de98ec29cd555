// An article as the library reads and stores it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "newsidx/export.h"

namespace newsidx {

// Where an article stands in its life: a withheld or canceled one is kept
// in the index but shown to no reader (search, facets, related news, Most
// read, GET /api/articles/{id}), until a later version is published.
enum class ArticleStatus { published, withheld, canceled };

// One news article. The JSON Lines format in README.md maps onto it
// field by field.
struct Article {
  std::string id;     // required, unique, at most kMaxIdBytes
  std::string lang;   // required, a BCP 47 tag in canonical case (canonical_language)
  std::string title;  // required
  std::string lead;
  std::string body;
  std::string published;            // required ISO 8601 with Z or an offset, as given
  std::int64_t published_unix = 0;  // the same instant, seconds since the epoch
  std::string url;
  std::string category;
  std::vector<std::string> tags;
  std::string author;
  ArticleStatus status = ArticleStatus::published;
  // Hidden from readers until this time (ISO 8601 as given, and unix
  // seconds; empty and 0: no embargo).
  std::string embargo;
  std::int64_t embargo_unix = 0;
  // The article's revision: `version` (a whole number) or, without it, the
  // `updated` time. An article older than the stored one never replaces it.
  std::optional<std::int64_t> version;
  std::string updated;  // ISO 8601 as given; empty: none
  std::int64_t updated_unix = 0;
};

// The revision that orders two versions of an article: the version, else
// the updated time in unix seconds; nullopt when it has neither.
NEWSIDX_EXPORT std::optional<std::int64_t> revision_of(const Article& article);
// The revision as the article gives it: "3", or "2024-03-01T10:00:00Z".
NEWSIDX_EXPORT std::string revision_text(const Article& article);

// Whether readers see the article at `now` (unix seconds): published and
// not under embargo.
NEWSIDX_EXPORT bool visible_at(const Article& article, std::int64_t now);

// "published", "withheld" or "canceled".
NEWSIDX_EXPORT const char* status_name(ArticleStatus status);

// What a result line shows of an article: search results, related news and
// popular lists all carry these.
struct ArticleSummary {
  std::string id;
  std::string title;
  std::string url;
  std::string lang;
  std::string published;  // as given
  std::string category;
  std::vector<std::string> tags;
};

// Size limits of the article format, in bytes of UTF-8.
inline constexpr std::size_t kMaxIdBytes = 200;
inline constexpr std::size_t kMaxTitleBytes = 2000;
inline constexpr std::size_t kMaxLeadBytes = 20000;
inline constexpr std::size_t kMaxBodyBytes = 1000000;
inline constexpr std::size_t kMaxShortFieldBytes = 2000;  // url, category, author, each tag
inline constexpr std::size_t kMaxTags = 100;
inline constexpr std::size_t kMaxLineBytes = 2 * 1024 * 1024;

// The editions' language codes, sorted: each has analysis of the engine's
// own. The article format accepts any BCP 47 language tag besides.
NEWSIDX_EXPORT const std::vector<std::string>& edition_languages();

// A BCP 47 language tag in its canonical case ("KK-latn" is "kk-Latn"), as
// articles are stored and filtered by. Throws InvalidArgument naming the
// code when it is not one.
NEWSIDX_EXPORT std::string canonical_language(std::string_view code);

// The language an article code belongs to, in lower case: "kk-Latn" -> "kk",
// "uz-Cyrl" -> "uz", "DE-CH" -> "de".
NEWSIDX_EXPORT std::string base_language(const std::string& lang);

// The script an article code is written in (ISO 15924): "kk", "ru" and
// "uz-Cyrl" -> "Cyrl"; "kk-Latn", "en" and "uz" -> "Latn"; "kk-Arab" ->
// "Arab"; "zh" -> "Hani"; any other from its script subtag or ICU's likely
// script ("ky" -> "Cyrl", "de" -> "Latn").
NEWSIDX_EXPORT std::string script_of_language(const std::string& lang);

}  // namespace newsidx
