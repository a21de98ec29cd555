// The stored form of an article's JSON (schema::kSlotArticle): deflated
// against a fixed dictionary followed by the article's result summary
// (schema::kSlotSummary), whose id, title, url, category and tags the JSON
// repeats, so that the index keeps its articles in about a third of their
// size. Glass compresses document data but not values, and values are what
// a search reads without the rest of the document.
#pragma once

#include <string>
#include <string_view>

#include <xapian.h>

namespace newsidx {

// The packed form: a marker byte, the JSON's length, its CRC-32 and the raw
// deflate stream. Never starts with '{'. `summary` is the article's stored
// summary: unpacking needs the same bytes.
std::string pack_article(std::string_view json, std::string_view summary);

// The JSON back from a packed value and the summary it was packed with. A
// value that starts with '{' is JSON as an index of schema 6 or older
// stored it, returned as it is (an upgrade exports such an index). Throws
// DamagedData when the value does not unpack to what was packed.
std::string unpack_article(std::string_view stored, std::string_view summary);

// The article's JSON as a document of the index holds it.
std::string article_json_of(const Xapian::Document& doc);

}  // namespace newsidx
