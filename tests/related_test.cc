// Related news on the sample corpus: exact lists (checked by hand), what is
// left out, the edge cases, --explain and unknown ids.
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>

#include "common/date.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "recommend/related/related.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

using Ids = std::vector<std::string>;

class Related : public test::SampleIndexTest {
 protected:
  static Ids ids(const std::string& id, RelatedOptions o = {}) {
    const auto hits = searcher().related(id, o);
    EXPECT_TRUE(hits.has_value()) << id;
    Ids out;
    if (hits)
      for (const auto& h : *hits) out.push_back(h.id);
    return out;
  }
};

TEST_F(Related, HandCheckedLists) {
  // The same visit in the other Kazakh script first (three shared tags, the
  // same week), then Kazakh articles tagged Kazakhstan (the referendum story
  // once: its two scripts score the same, and equal scores go by id).
  EXPECT_EQ(ids("kk-tokayev-bishkek"), (Ids{"qz-tokayev-bishkek", "kk-aif-2024", "kk-referendum-2022",
                                            "kk-ekonomika-2023", "kkarab-referendum-2022"}));
  // Economy first (the rate decision shares terms, category and month).
  EXPECT_EQ(ids("en-khorgos").at(0), "en-base-rate-2024");
  // Across editions, the same story's other languages share all its tags.
  RelatedOptions any;
  any.any_lang = true;
  any.limit = 4;
  const Ids cross = ids("en-khorgos", any);
  EXPECT_EQ(std::set<std::string>(cross.begin(), cross.end()),
            (std::set<std::string>{"ru-khorgos", "kk-khorgos", "kkarab-khorgos", "zh-khorgos"}));
}

TEST_F(Related, LeavesOutTheArticleItsRepublicationsAndRepeats) {
  const Ids ru = ids("ru-referendum-2022");
  EXPECT_EQ(ru, (Ids{"ru-aif-2024", "ru-tokayev-bishkek", "ru-base-rate-2024", "ru-khorgos"}));
  for (const auto& id : ru) {
    EXPECT_NE(id, "ru-referendum-2022");
    EXPECT_NE(id, "ru-referendum-2022-repost");  // the same text re-posted
  }
  // The English story and its syndicated copy never both take a place.
  RelatedOptions any;
  any.any_lang = true;
  any.limit = 20;
  int copies = 0;
  for (const auto& id : ids("ru-referendum-2022", any))
    copies += id == "en-referendum-2022" || id == "en-referendum-2022-syndicated";
  EXPECT_EQ(copies, 1);  // the English edition's story, once
  // The same story in the other Uzbek script is the story itself, not news related to it.
  EXPECT_EQ(ids("uzc-metro"), Ids{"uz-boxing-silver"});
}

TEST_F(Related, EdgeCases) {
  EXPECT_EQ(ids("zh-headline-only"), Ids{"zh-boxing-gold"});  // no body: the title and tags carry it
  // No tags, no category: terms alone rank the other English articles.
  EXPECT_EQ(ids("en-no-tags"), (Ids{"en-tokayev-bishkek", "en-metro", "en-khorgos", "en-base-rate-2024", "en-nauryz"}));
  RelatedOptions uz;
  uz.lang = "uz";
  EXPECT_EQ(ids("en-metro", uz), Ids{"uz-metro"});  // another edition asked for: its version of the story
  RelatedOptions big;
  big.limit = 100;
  // Few others in the language: the one that shares a term, not a padded list.
  EXPECT_EQ(ids("uz-referendum-2022", big), Ids{"uz-boxing-silver"});
}

TEST_F(Related, LongAndBrandNewArticles) {
  test::TempDir dir;
  std::string body;
  for (int i = 0; i < 4000; ++i) body += "The National Bank kept the base rate as inflation slowed in Kazakhstan. ";
  const std::string now = format_iso8601_utc(
      std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count());
  const std::string extra = dir.file("extra.jsonl");
  test::write_file(extra, test::article_line("long-rate", R"("body": ")" + body + R"(", "published": ")" + now +
                                                              R"(", "category": "economy", "tags": ["Base Rate"])") +
                              "\n");
  Indexer(dir.path()).add_files({test::sample_articles(), extra});
  Searcher s(dir.path());
  const auto hits = s.related("long-rate");
  ASSERT_TRUE(hits);
  ASSERT_FALSE(hits->empty());
  EXPECT_EQ(hits->at(0).id, "en-base-rate-2024");
}

TEST_F(Related, ExplainSaysWhy) {
  RelatedOptions o;
  o.explain = true;
  const auto hits = searcher().related("kk-tokayev-bishkek", o);
  ASSERT_TRUE(hits && !hits->empty());
  const RelatedHit& top = hits->at(0);
  ASSERT_TRUE(top.explanation);
  const auto& e = *top.explanation;
  EXPECT_EQ(e.shared_tags, (Ids{"CIS Summit", "Kyrgyzstan", "Kazakhstan"}));
  EXPECT_EQ(e.category, kRelatedCategoryWeight);
  EXPECT_NEAR(e.recency, kRelatedRecencyWeight * std::exp2(-(20.0 / 24) / 14), 1e-9);  // 20 hours apart
  EXPECT_NEAR(e.terms + e.tags + e.category + e.recency, top.score, 1e-9);
  EXPECT_GT(e.tags, 0);
  EXPECT_GT(e.terms, 0);
  // Shared telling terms are the canonical Kazakh forms both articles hold.
  EXPECT_NE(std::find(e.shared_terms.begin(), e.shared_terms.end(), "жапаров"), e.shared_terms.end());
  // Without --explain there is none.
  EXPECT_FALSE(searcher().related("kk-tokayev-bishkek")->at(0).explanation);
}

TEST_F(Related, UnknownIdAndBadOptions) {
  EXPECT_FALSE(searcher().related("no-such-article").has_value());
  RelatedOptions o;
  o.lang = "fr_FR";
  EXPECT_THROW(searcher().related("en-khorgos", o), InvalidArgument);
  auto r = test::run({NEWSSEARCH_BIN, "--db", db_path(), "related", "no-such-article"});
  EXPECT_EQ(r.exit_code, 3);
  EXPECT_EQ(r.err, "newssearch: no article with id \"no-such-article\"\n");
  auto j = test::run({NEWSSEARCH_BIN, "--db", db_path(), "related", "--json", "--limit", "1", "en-khorgos"});
  EXPECT_EQ(j.exit_code, 0);
  EXPECT_EQ(j.out.rfind(R"({"id":"en-khorgos","results":[{"category":"economy","id":"en-base-rate-2024",)", 0), 0u)
      << j.out;
}

}  // namespace
}  // namespace newsidx
