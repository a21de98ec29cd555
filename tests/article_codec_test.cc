// The packed form of stored articles: what goes in comes back byte for
// byte, JSON of older schemas reads as it is, and damage is named.
#include <gtest/gtest.h>

#include <fstream>
#include <string>
#include <vector>

#include "index/article_codec.h"
#include "index/stored_article.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

std::vector<std::string> sample_lines() {
  std::ifstream in(test::sample_articles());
  std::vector<std::string> lines;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) lines.push_back(line);
  return lines;
}

const std::string kSummary = "a1\x1fPacked\x1fhttps://news.example.kz/a1\x1f";

// The message DamagedData carries, or "" when `stored` unpacks with kSummary.
std::string unpack_error(const std::string& stored, const std::string& summary = kSummary) {
  try {
    unpack_article(stored, summary);
    return "";
  } catch (const DamagedData& e) {
    return e.what();
  }
}

TEST(ArticleCodec, EverySampleArticleComesBackByteForByte) {
  std::size_t lines = 0, json_bytes = 0, packed_bytes = 0;
  for (const std::string& line : sample_lines()) {
    const std::string summary = encode_summary(stored_article(line));
    const std::string packed = pack_article(line, summary);
    EXPECT_EQ(unpack_article(packed, summary), line);
    ++lines, json_bytes += line.size(), packed_bytes += packed.size();
  }
  ASSERT_GT(lines, 20u);
  // The short sample articles pack to under half, their summaries known
  // (the real corpora: 33%).
  EXPECT_LT(packed_bytes * 10, json_bytes * 5) << packed_bytes << " of " << json_bytes;
}

// summary_fields gives back the fields encode_summary stored, as views, and
// decode_summary (built on it) the tags too; a damaged summary is refused.
TEST(ArticleCodec, SummaryFieldsAreTheArticlesFields) {
  std::size_t checked = 0, tagged = 0;
  for (const std::string& line : sample_lines()) {
    const Article article = stored_article(line);
    const std::string summary = encode_summary(article);
    const SummaryFields f = summary_fields(summary);
    EXPECT_EQ(std::vector<std::string_view>({f.id, f.title, f.url, f.lang, f.published, f.category}),
              std::vector<std::string_view>({article.id, article.title, article.url, article.lang,
                                             article.published, article.category}));
    EXPECT_EQ(decode_summary(summary).tags, article.tags);
    ++checked;
    tagged += !article.tags.empty();
  }
  EXPECT_GT(checked, 20u);
  EXPECT_GT(tagged, 5u);
  EXPECT_THROW(summary_fields("id\x1ftitle"), DamagedData);
  EXPECT_THROW(decode_summary("id\x1ftitle"), DamagedData);
}

TEST(ArticleCodec, EdgeSizesAndBytesRoundTrip) {
  std::string every_byte;
  for (int c = 0; c < 256; ++c) every_byte += static_cast<char>(c);
  const std::string large = "{\"body\": \"" + std::string(300000, 'x') + "Қазақстан\"}";
  for (const std::string& json : {std::string(), std::string("{}"), every_byte, large}) {
    const std::string packed = pack_article(json, kSummary);
    EXPECT_NE(packed.front(), '{');
    EXPECT_EQ(unpack_article(packed, kSummary), json);
    EXPECT_EQ(unpack_article(pack_article(json, ""), ""), json);
  }
  EXPECT_LT(pack_article(large, kSummary).size(), 2000u);
}

TEST(ArticleCodec, JsonAsOlderSchemasStoredItReadsAsItIs) {
  const std::string json = R"({"id": "a1", "lang": "en", "title": "Old"})";
  EXPECT_EQ(unpack_article(json, kSummary), json);
  EXPECT_EQ(unpack_article(json, ""), json);
}

TEST(ArticleCodec, DamagedValuesAreNamed) {
  const std::string packed =
      pack_article(R"({"id": "a1", "lang": "en", "title": "Packed", "url": "https://news.example.kz/a1"})", kSummary);
  EXPECT_EQ(unpack_error(packed), "");
  EXPECT_EQ(unpack_error(""), "a stored article is damaged (neither JSON nor packed)");
  EXPECT_EQ(unpack_error("xyz"), "a stored article is damaged (neither JSON nor packed)");
  EXPECT_EQ(unpack_error(packed.substr(0, 1)), "a stored article is damaged (its length is cut short)");
  EXPECT_EQ(unpack_error(std::string("\x01\xff\xff\xff\xff\xff", 6)),
            "a stored article is damaged (its length is cut short)");
  EXPECT_EQ(unpack_error(packed.substr(0, packed.size() - 3)), "a stored article is damaged (it does not inflate)");
  EXPECT_EQ(unpack_error(packed + "trailing"), "a stored article is damaged (it does not inflate)");
  std::string longer = packed;
  longer[1] = static_cast<char>(longer[1] + 1);  // the length says one byte more than the stream holds
  EXPECT_EQ(unpack_error(longer), "a stored article is damaged (it does not inflate)");
  std::string shorter = packed;
  shorter[1] = static_cast<char>(shorter[1] - 1);
  EXPECT_EQ(unpack_error(shorter), "a stored article is damaged (it does not inflate)");
  // A length of 500 MB over a few bytes of stream is refused before a
  // buffer of that size is made.
  std::string huge("\x01", 1);
  for (std::uint64_t n = 500'000'000; n >= 0x80; n >>= 7) huge += static_cast<char>((n & 0x7f) | 0x80);
  huge += static_cast<char>(500'000'000 >> 28);
  huge += std::string(4, '\0') + "abc";
  EXPECT_EQ(unpack_error(huge), "a stored article is damaged (its length exceeds what its stream can hold)");
  std::string flipped = packed;  // a byte of the stream, or of the summary it refers to
  flipped[flipped.size() - 2] = static_cast<char>(flipped[flipped.size() - 2] ^ 0x10);
  EXPECT_NE(unpack_error(flipped), "");
  EXPECT_EQ(unpack_error(packed, "a1\x1fPacked\x1fhttps://news.example.kz/b2\x1f"),
            "a stored article is damaged (its checksum differs, or its summary does)");
}

}  // namespace
}  // namespace newsidx
