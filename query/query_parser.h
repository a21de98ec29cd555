// The query language: words (all must match), "exact phrases", -exclusion,
// OR, parentheses, word* prefixes, and fields: title:, tag:, category:,
// lang:, author:, date:FROM..TO, since:, until:.
//
// Parsing never fails: a malformed query (unbalanced quotes or parentheses,
// a stray operator, an unknown field, a bad date) is read as plain words, and
// ParsedQuery says so and why.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace newsidx {

struct QueryNode {
  enum class Kind {
    Words,   // text: one or more words, all required
    Phrase,  // text: words in this order
    Prefix,  // text: a word's beginning
    Filter,  // field (tag, category, lang, author) = text, exact
    Date,    // from..to, unix seconds, either may be absent
    And,
    Or,
    Not,  // children[0] must not match
  };
  Kind kind = Kind::And;
  std::string text;
  std::string field;  // Filter: its field; Words/Phrase/Prefix: "title" or empty
  std::optional<std::int64_t> from, to;
  std::vector<QueryNode> children;
  std::size_t begin = 0;  // Words, Phrase, Prefix: where `text` starts in the query
};

struct ParsedQuery {
  QueryNode root;
  bool plain_words = false;  // the query was malformed and read as plain words
  std::string problem;       // why, when plain_words
};

ParsedQuery parse_query(std::string_view text);

// How a query was read, e.g. `referendum AND title:(tokayev) AND NOT "a b"`.
std::string describe(const QueryNode& node);

}  // namespace newsidx
