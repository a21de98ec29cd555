// Snippets cut from long texts (analysed block by block until a window
// holds every query word) and from Chinese (matched without segmentation).
#include <gtest/gtest.h>

#include "newsidx/analyzer.h"
#include "query/snippet.h"

namespace newsidx {
namespace {

std::string joined(const std::vector<SnippetSpan>& spans) {
  std::string s;
  for (const auto& span : spans) s += span.highlight ? "[" + span.text + "]" : span.text;
  return s;
}

std::string snippet(const std::string& text, const std::string& lang, const std::string& query) {
  Analyzer analyzer;
  return joined(make_snippet(analyzer, text, lang, analyzer.analyze_query(query, lang)));
}

std::string filler(std::size_t sentences) {
  std::string s;
  for (std::size_t i = 0; i < sentences; ++i) s += "The weather was calm and the markets were quiet. ";
  return s;
}

TEST(Snippet, AMatchAtTheEndOfALongTextIsFound) {
  const std::string text = filler(600) + "Trucks crossed the Khorgos border at dawn.";
  EXPECT_EQ(snippet(text, "en", "khorgos border"),
            "…were quiet. The weather was calm and the markets were quiet. The weather was calm and the markets were "
            "quiet. The weather was calm and the markets were quiet. Trucks crossed the [Khorgos] [border] at dawn.");
}

// At most kSnippetChars (200) characters, whole words.
TEST(Snippet, AMatchAtTheStartOfALongTextEndsWithAnEllipsis) {
  const std::string text = "Trucks crossed the Khorgos border at dawn. " + filler(600);
  EXPECT_EQ(snippet(text, "en", "khorgos"),
            "Trucks crossed the [Khorgos] border at dawn. The weather was calm and the markets were quiet. The "
            "weather was calm and the markets were quiet. The weather was calm and the markets were quiet. The…");
}

TEST(Snippet, AWordAcrossABlockBoundaryIsWhole) {
  // The first block is 512 bytes and ends at the next space.
  std::string text = std::string(505, 'x') + " Khorgosborder " + filler(20);
  // (The 505-letter run is no word, over the term length limit: the
  // snippet starts at the text's start, before the first word.)
  EXPECT_EQ(snippet(text, "en", "khorgosborder"),
            std::string(505, 'x') +
                " [Khorgosborder] The weather was calm and the markets were quiet. The weather "
                "was calm and the markets were quiet. The weather was calm and the markets were "
                "quiet. The weather was calm and the markets…");
}

TEST(Snippet, TheBestWindowIsTheOneWithEveryWord) {
  const std::string text = "Khorgos is a city. " + filler(40) + "Khorgos border trade grew. " + filler(40);
  EXPECT_EQ(snippet(text, "en", "khorgos border"),
            "…The weather was calm and the markets were quiet. [Khorgos] [border] trade grew. The weather was calm "
            "and the markets were quiet. The weather was calm and the markets were quiet. The weather was calm and…");
}

TEST(Snippet, ChineseIsMatchedWithoutSegmentation) {
  EXPECT_EQ(snippet("哈萨克斯坦举行修宪公投。公投结果显示多数支持。", "zh", "公投"),
            "哈萨克斯坦举行修宪[公投]。[公投]结果显示多数支持。");
  // The longest query term wins where two start at one place.
  EXPECT_EQ(snippet("哈萨克斯坦举行公投", "zh", "哈萨克斯坦"), "[哈萨克斯坦]举行公投");
  // Latin words in Chinese text go through the analyzer.
  EXPECT_EQ(snippet("新冠COVID疫情结束", "zh", "covid"), "新冠[COVID]疫情结束");
}

}  // namespace
}  // namespace newsidx
