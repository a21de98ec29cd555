// The text fields of a stored article, read without building a JSON tree:
// what a snippet needs of each result, on every search that asks for them.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace newsidx {

struct StoredText {
  std::string lang, title, lead, body;
};

// The top-level "lang", "title", "lead" and "body" strings of a stored
// article (the JSON validated when it was indexed), escapes decoded; the
// other members are skipped unread. nullopt when the text is not a JSON
// object as far as this scan can tell (the caller then reads it whole,
// which names the damage).
std::optional<StoredText> stored_text(std::string_view json);

}  // namespace newsidx
