// The query language: what each input is read as, including every
// malformed case.
#include <gtest/gtest.h>

#include "common/date.h"
#include "query/query_parser.h"

namespace newsidx {
namespace {

struct Case {
  const char* input;
  const char* read_as;
  const char* problem;  // "" when well-formed
};

TEST(QueryParser, ReadsEveryConstruct) {
  const Case cases[] = {
      {"referendum", "referendum", ""},
      {"Қазақстан референдум", "Қазақстан AND референдум", ""},
      {"\"base rate\" inflation", "\"base rate\" AND inflation", ""},
      {"referendum -Tokayev", "referendum AND NOT Tokayev", ""},
      {"referendum -\"base rate\"", "referendum AND NOT \"base rate\"", ""},
      {"Tokayev OR Тоқаев", "Tokayev OR Тоқаев", ""},
      {"referendum (Tokayev OR Тоқаев)", "referendum AND (Tokayev OR Тоқаев)", ""},
      {"a b OR c", "(a AND b) OR c", ""},
      {"referend*", "referend*", ""},
      {"title:Tokayev", "title:Tokayev", ""},
      {"title:\"CIS summit\"", "title:\"CIS summit\"", ""},
      {"tag:\"Kazakhstan Referendum\"", "tag:\"Kazakhstan Referendum\"", ""},
      {"category:politics lang:kk author:\"Daniel Brooks\"",
       "category:\"politics\" AND lang:\"kk\" AND author:\"Daniel Brooks\"", ""},
      {"date:2022-06-01..2022-06-30 vote", "date:2022-06-01..2022-06-30 AND vote", ""},
      {"date:2022-06", "date:2022-06-01..2022-06-30", ""},
      {"date:2024", "date:2024-01-01..2024-12-31", ""},
      {"since:2024-03-01", "date:2024-03-01..", ""},
      {"until:2024-02", "date:..2024-02-29", ""},
      {"date:..2023-01-01", "date:..2023-01-01", ""},
      {"-lang:ru referendum", "NOT lang:\"ru\" AND referendum", ""},
      {"Qasym-Jomart", "Qasym-Jomart", ""},  // a hyphen inside a word is not an exclusion
      {"10:30 news", "10:30 AND news", ""},  // a colon after digits is no field
      // Malformed: read as plain words, saying why.
      {"\"unbalanced quote", "(\"unbalanced quote)", "unbalanced quote"},
      {"(open group", "((open group)", "unbalanced parenthesis"},
      {"closed group)", "(closed group))", "unbalanced parenthesis"},
      {"()", "()", "empty parentheses"},
      {"OR referendum", "(OR referendum)", "OR without a word on each side"},
      {"referendum OR", "(referendum OR)", "OR without a word on each side"},
      {"a OR OR b", "(a OR OR b)", "OR without a word on each side"},
      {"referendum -", "referendum AND -", ""},  // a lone '-' is punctuation, not an operator
      {"foo:bar baz", "(foo:bar baz)", "unknown field \"foo:\""},
      {"tag:", "tag:", "field \"tag:\" has no value"},
      {"date:2022-13-01", "date:2022-13-01", "bad date \"2022-13-01\" (expected YYYY-MM-DD, YYYY-MM or YYYY)"},
      {"since:yesterday", "since:yesterday", "bad date \"yesterday\" (expected YYYY-MM-DD, YYYY-MM or YYYY)"},
      {"date:..", "date:..", "empty date range"},
  };
  for (const Case& c : cases) {
    const ParsedQuery p = parse_query(c.input);
    EXPECT_EQ(describe(p.root), c.read_as) << c.input;
    EXPECT_EQ(p.problem, c.problem) << c.input;
    EXPECT_EQ(p.plain_words, *c.problem != '\0') << c.input;
  }
}

TEST(QueryParser, WordOffsetsPointIntoTheQuery) {
  const std::string q = R"(alpha title:beta "gamma delta")";
  const ParsedQuery p = parse_query(q);
  ASSERT_EQ(p.root.children.size(), 3u);
  for (const auto& n : p.root.children) EXPECT_EQ(q.substr(n.begin, n.text.size()), n.text);
}

TEST(QueryParser, DateBounds) {
  EXPECT_EQ(parse_date_bound("2024-02", true), parse_iso8601("2024-02-29T23:59:59Z"));
  EXPECT_EQ(parse_date_bound("2023-02", true), parse_iso8601("2023-02-28T23:59:59Z"));
  EXPECT_EQ(parse_date_bound("2024", false), parse_iso8601("2024-01-01T00:00:00Z"));
  EXPECT_EQ(parse_date_bound("2024-12-31", true), parse_iso8601("2024-12-31T23:59:59Z"));
  for (const char* bad : {"2024-02-30", "2024-1-01", "24", "2024-", "2024/01/01", ""})
    EXPECT_EQ(parse_date_bound(bad, false), std::nullopt) << bad;
}

}  // namespace
}  // namespace newsidx
