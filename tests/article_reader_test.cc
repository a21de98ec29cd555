// Every kind of bad input line gets a message that names the field.
#include <gtest/gtest.h>

#include "index/stored_article.h"
#include "index/stored_text.h"
#include "indexer/article_reader.h"

namespace newsidx {
namespace {

std::string problem_of(const std::string& line) {
  auto parsed = parse_article_line(line);
  if (auto* p = std::get_if<std::string>(&parsed)) return *p;
  return "(accepted)";
}

const std::string kGood = R"({"id": "a1", "lang": "kk-Latn", "title": "Qazaqstan", "lead": "L", "body": "B", )"
                          R"("published": "2024-03-01T14:30:00+05:00", "url": "https://x.kz/a1", "category": "world", )"
                          R"("tags": ["One", "Two"], "author": "A. Author"})";

TEST(ArticleReader, ReadsEveryField) {
  auto parsed = parse_article_line(kGood);
  ASSERT_TRUE(std::holds_alternative<Article>(parsed)) << problem_of(kGood);
  const Article& a = std::get<Article>(parsed);
  EXPECT_EQ(a.id, "a1");
  EXPECT_EQ(a.lang, "kk-Latn");
  EXPECT_EQ(a.title, "Qazaqstan");
  EXPECT_EQ(a.lead, "L");
  EXPECT_EQ(a.body, "B");
  EXPECT_EQ(a.published, "2024-03-01T14:30:00+05:00");
  EXPECT_EQ(a.published_unix, 1709285400);
  EXPECT_EQ(a.url, "https://x.kz/a1");
  EXPECT_EQ(a.category, "world");
  EXPECT_EQ(a.tags, (std::vector<std::string>{"One", "Two"}));
  EXPECT_EQ(a.author, "A. Author");
}

TEST(ArticleReader, StoredFormReadsBack) {
  const Article a = std::get<Article>(parse_article_line(kGood));
  const Article b = stored_article(article_to_json(a));
  EXPECT_EQ(b.id, a.id);
  EXPECT_EQ(b.lang, a.lang);
  EXPECT_EQ(b.title, a.title);
  EXPECT_EQ(b.lead, a.lead);
  EXPECT_EQ(b.body, a.body);
  EXPECT_EQ(b.published, a.published);
  EXPECT_EQ(b.url, a.url);
  EXPECT_EQ(b.category, a.category);
  EXPECT_EQ(b.tags, a.tags);
  EXPECT_EQ(b.author, a.author);
}

// The snippet's reader of the text fields gives what the JSON parser gives.
TEST(ArticleReader, StoredTextReadsTheTextFieldsAsTheParserDoes) {
  const std::string escaped =
      R"({"id": "x", "tags": ["a", {"b": "}\"]"}], "lang" : "kk", "title": "T\u0430\ud83d\ude00\n\"q\"\\",)"
      R"( "lead": null, "version": 3, "nested": {"body": "not this"}, "body": "first", "body": "last"})";
  for (const std::string& json : {article_to_json(std::get<Article>(parse_article_line(kGood))), escaped}) {
    const Article parsed = stored_article(json);
    const auto text = stored_text(json);
    ASSERT_TRUE(text) << json;
    EXPECT_EQ(text->lang, parsed.lang);
    EXPECT_EQ(text->title, parsed.title);
    EXPECT_EQ(text->lead, parsed.lead);
    EXPECT_EQ(text->body, parsed.body);
  }
  EXPECT_EQ(stored_text(escaped)->title, "T\u0430\U0001F600\n\"q\"\\");
  EXPECT_EQ(stored_text(escaped)->body, "last");
  for (const char* damaged : {"", "[]", R"({"title": "cut)", R"({"title": "a" "body": "b"})", R"({"title": "\x"})",
                              R"({"title": "\u12"})", R"({"title": "a",})", R"({"body": [1, 2})"})
    EXPECT_FALSE(stored_text(damaged)) << damaged;
  EXPECT_TRUE(stored_text("{}"));
}

TEST(ArticleReader, OptionalFieldsMayBeAbsentOrNull) {
  EXPECT_EQ(
      problem_of(
          R"({"id": "x", "lang": "zh", "title": "标题", "published": "2024-01-01T00:00:00Z", "body": null, "tags": null})"),
      "(accepted)");
}

TEST(ArticleReader, BadLinesNameTheProblem) {
  struct Case {
    std::string line;
    std::string problem;
  };
  const std::string ok_rest = R"("lang": "en", "title": "T", "published": "2024-01-01T00:00:00Z")";
  const Case cases[] = {
      {"{\"id\": \"a\xff\"}", "field \"id\": invalid UTF-8 at byte 10"},
      {"{\"i\xff\": 1}", "invalid UTF-8 at byte 4"},  // in a key: no field to name
      {"{" + ok_rest + ", \"id\": \"a\", \"lead\": \"x\xc3\"}", "field \"lead\": invalid UTF-8 at byte 88"},
      {R"({"id": "a", )",
       "invalid JSON: column 13: syntax error while parsing object key - unexpected end of input; expected string "
       "literal"},
      {R"({"id": "a", "tags": ["x",], )" + ok_rest + "}",
       R"(field "tags": invalid JSON: column 26: syntax error while parsing value - unexpected ']'; expected '[', )"
       R"('{', or a literal)"},
      // Regression: one over-large number, even in an ignored field, aborted the whole load.
      {R"({"id": "a", "x": 1e400, )" + ok_rest + "}", R"(field "x": invalid JSON: number overflow parsing '1e400')"},
      {R"({"id": "a", "x": {"y": [-1e400]}, )" + ok_rest + "}",
       R"(field "x": invalid JSON: number overflow parsing '-1e400')"},
      {R"({"id": "a", "x": 1)" + std::string(400, '0') + ", " + ok_rest + "}",
       "field \"x\": invalid JSON: number overflow parsing '1" + std::string(400, '0') + "'"},
      // Regression: "a b" and "a\u001fb" were one id in the view counts' table.
      {R"({"id": "a\u001fb", )" + ok_rest + "}",
       R"(field "id" holds a control character (U+001F); ids are printable text)"},
      {"{\"id\": \"a\\u007fb\", " + ok_rest + "}",
       R"(field "id" holds a control character (U+007F); ids are printable text)"},
      {R"(["a", "b"])", "not a JSON object but a list"},
      {R"("just a string")", "not a JSON object but a string"},
      {"{" + ok_rest + "}", R"(missing required field "id")"},
      {R"({"id": 42, )" + ok_rest + "}", R"(field "id" must be a string, not a number)"},
      {R"({"id": "  ", )" + ok_rest + "}", R"(field "id" is empty)"},
      {R"({"id": ")" + std::string(201, 'x') + R"(", )" + ok_rest + "}",
       R"(field "id" is 201 bytes, over the limit of 200)"},
      {R"({"id": "a", "title": "T", "published": "2024-01-01T00:00:00Z"})", R"(missing required field "lang")"},
      {R"({"id": "a", "lang": "fr_FR", "title": "T", "published": "2024-01-01T00:00:00Z"})",
       R"(field "lang": "fr_FR" is not a BCP 47 language tag (such as en, kk, kk-Arab, kk-Latn, ru, uz, uz-Cyrl, zh, ky, de-CH))"},
      {R"({"id": "a", "lang": "en", "published": "2024-01-01T00:00:00Z"})", R"(missing required field "title")"},
      {R"({"id": "a", "lang": "en", "title": ["T"], "published": "2024-01-01T00:00:00Z"})",
       R"(field "title" must be a string, not a list)"},
      {R"({"id": "a", "lang": "en", "title": "T"})", R"(missing required field "published")"},
      {R"({"id": "a", "lang": "en", "title": "T", "published": 1704067200})",
       R"(field "published" must be a string, not a number)"},
      {R"({"id": "a", "lang": "en", "title": "T", "published": "2024-02-30T00:00:00Z"})",
       R"(field "published": "2024-02-30T00:00:00Z" is not an ISO 8601 date-time with Z or an offset)"},
      {R"({"id": "a", "lang": "en", "title": "T", "published": "2024-01-01T00:00:00"})",
       R"(field "published": "2024-01-01T00:00:00" is not an ISO 8601 date-time with Z or an offset)"},
      {R"({"id": "a", )" + ok_rest + R"(, "tags": "Politics"})",
       R"(field "tags" must be a list of strings, not a string)"},
      {R"({"id": "a", )" + ok_rest + R"(, "tags": ["ok", 7]})",
       R"(field "tags" must be a list of strings, but item 1 is a number)"},
      {R"({"id": "a", )" + ok_rest + R"(, "body": {"text": "x"}})", R"(field "body" must be a string, not an object)"},
      {R"({"id": "a", )" + ok_rest + R"(, "url": true})", R"(field "url" must be a string, not a boolean)"},
      {R"({"id": "a", )" + ok_rest + R"(, "body": ")" + std::string(1000001, 'b') + "\"}",
       R"(field "body" is 1000001 bytes, over the limit of 1000000)"},
  };
  for (const Case& c : cases) EXPECT_EQ(problem_of(c.line), c.problem) << c.line.substr(0, 120);
}

}  // namespace
}  // namespace newsidx
