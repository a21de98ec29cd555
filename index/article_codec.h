// The stored form of an article's JSON (schema::kSlotArticle): deflated
// against a fixed dictionary, so that the index keeps its articles in about
// a third of their size. Glass compresses document data but not values, and
// a value is what a search reads without the rest of the document.
#pragma once

#include <string>
#include <string_view>

namespace newsidx {

// The packed form: a marker byte, the JSON's length and the raw deflate
// stream. Never starts with '{'.
std::string pack_article(std::string_view json);

// The JSON back from a packed value. A value that starts with '{' is JSON
// as an index of schema 6 or older stored it, returned as it is (an upgrade
// exports such an index). Throws DamagedData when the value does not unpack.
std::string unpack_article(std::string_view stored);

}  // namespace newsidx
