// The edition mix rule (query/edition_mix.h): a first page of one edition
// alone gives a place to another edition's strong match.
#include <gtest/gtest.h>

#include <set>
#include <string>
#include <vector>

#include "newsidx/searcher.h"
#include "query/edition_mix.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

// The rule over a list of editions, counting how many it asked for.
std::vector<std::size_t> mixed(const std::vector<std::string>& editions, const std::vector<double>& scores,
                               std::size_t* asked = nullptr) {
  std::size_t n = 0;
  const auto order = mixed_order(editions.size(), [&](std::size_t i) { return ++n, editions.at(i); }, scores);
  if (asked) *asked = n;
  return order;
}

std::vector<std::size_t> identity(std::size_t n) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  return order;
}

TEST(MixedOrder, PromotesEachOtherEditionsBestStrongMatchToTheEndOfTheFirstPage) {
  std::vector<std::string> editions(20, "ru");
  std::vector<double> scores{10, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 8, 5.5, 5.2, 5.0, 4.9, 4, 4, 4, 4};
  editions[12] = "en";  // strong
  editions[13] = "en";  // the same edition again: not promoted twice
  editions[14] = "zh";  // strong: 5.0 is half of 10
  editions[15] = "kk";  // weak
  // 12 and 14 take places 8 and 9; 8 and 9 move down to 10 and 11.
  std::size_t asked = 0;
  EXPECT_EQ(mixed(editions, scores, &asked),
            (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 7, 12, 14, 8, 9, 10, 11, 13, 15, 16, 17, 18, 19}));
  EXPECT_EQ(asked, 15u);  // none after the first weak match
}

TEST(MixedOrder, LeavesAMixedFirstPageAWeakOtherEditionAndShortListsAlone) {
  std::vector<std::string> editions(15, "ru");
  std::vector<double> scores(15, 1.0);
  editions[3] = "en";
  editions[11] = "kk";
  std::size_t asked = 0;
  EXPECT_EQ(mixed(editions, scores, &asked), identity(15));  // the first page holds two editions already
  EXPECT_EQ(asked, 4u);                                       // and the rule stopped reading at the second
  editions[3] = "ru";
  scores[0] = 2.1;  // kk's 1.0 is under half of it
  EXPECT_EQ(mixed(editions, scores), identity(15));
  EXPECT_EQ(mixed({"ru", "ru", "en"}, {1, 1, 1}), identity(3));  // all on the first page
  EXPECT_EQ(mixed({}, {}), identity(0));
}

TEST(MixedOrder, AtMostThreeEditionsAndOnlyWithinTheWindow) {
  std::vector<std::string> editions(kMixWindow + 5, "ru");
  std::vector<double> scores(kMixWindow + 5, 1.0);
  editions[10] = "en";
  editions[11] = "kk";
  editions[12] = "zh";
  editions[13] = "uz";             // a fourth edition: no place
  editions[kMixWindow] = "de";     // past the window
  const auto order = mixed(editions, scores);
  EXPECT_EQ(std::vector<std::size_t>(order.begin(), order.begin() + 14),
            (std::vector<std::size_t>{0, 1, 2, 3, 4, 5, 6, 10, 11, 12, 7, 8, 9, 13}));
  EXPECT_EQ(order[kMixWindow], kMixWindow);
}

// Twelve English articles on one word, all above a German and a French one
// that hold it too: the German scores over half the first, the French under.
class EditionMix : public test::OwnIndexTest {
 protected:
  static void SetUpTestSuite() {
    std::string lines;
    for (int i = 1; i <= 12; ++i) {
      const std::string id = std::string("en-") + (i < 10 ? "0" : "") + std::to_string(i);
      // Bodies of equal length, not alike (alike ones would collapse as re-publications).
      lines += test::article_line(id, R"("title": "Zelmora harbour", "body": "The Zelmora harbour opened )" +
                                          std::to_string(i) + R"(.")") +
               "\n";
    }
    lines += test::article_line("de-strong", R"("lang": "de", "title": "Der Hafen", "body": "Zelmora Hafen.")") + "\n";
    lines += test::article_line("fr-weak", R"("lang": "fr", "title": "Le port", "body": "Le port de Zelmora )"
                                           R"(a ouvert ses portes hier matin, avec des navires et des grues, )"
                                           R"(des quais neufs et une gare maritime.")") +
             "\n";
    index_lines(lines);
  }

  static SearchResult page(const Searcher& s, std::size_t offset, std::size_t limit = 10,
                           std::optional<std::string> lang = std::nullopt) {
    SearchRequest req;
    req.query = "zelmora";
    req.offset = offset;
    req.limit = limit;
    req.lang = lang;
    req.snippets = false;
    return s.search(req);
  }

  static std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.results) out.push_back(h.id);
    return out;
  }

  static Searcher unmixed() {
    SearcherOptions o;
    o.mix_editions = false;
    return Searcher(dir_->path(), o);
  }
};

TEST_F(EditionMix, TheStrongMatchOfAnotherEditionTakesTheLastPlaceOfTheFirstPage) {
  const auto plain = page(unmixed(), 0, 20);
  ASSERT_EQ(ids(plain), (std::vector<std::string>{"en-01", "en-02", "en-03", "en-04", "en-05", "en-06", "en-07",
                                                  "en-08", "en-09", "en-10", "en-11", "en-12", "de-strong",
                                                  "fr-weak"}));
  // The premise: the German match scores at least half the first, the French not.
  ASSERT_GE(plain.results[12].score, kMixMinShare * plain.results[0].score);
  ASSERT_LT(plain.results[13].score, kMixMinShare * plain.results[0].score);

  const auto first = page(*searcher_, 0);
  EXPECT_EQ(ids(first), (std::vector<std::string>{"en-01", "en-02", "en-03", "en-04", "en-05", "en-06", "en-07",
                                                  "en-08", "en-09", "de-strong"}));
  EXPECT_DOUBLE_EQ(first.results[9].score, plain.results[12].score);  // its score is its own
  EXPECT_EQ(first.total, plain.total);
  // The next page goes on where the first left off: nothing twice, nothing lost.
  EXPECT_EQ(ids(page(*searcher_, 10)), (std::vector<std::string>{"en-10", "en-11", "en-12", "fr-weak"}));
  EXPECT_EQ(ids(page(*searcher_, 8, 3)), (std::vector<std::string>{"en-09", "de-strong", "en-10"}));
}

TEST_F(EditionMix, AnEditionAskedForOrADateOrderIsLeftAsItIs) {
  EXPECT_EQ(ids(page(*searcher_, 0, 20, "en")), ids(page(unmixed(), 0, 20, "en")));
  SearchRequest by_date;
  by_date.query = "zelmora";
  by_date.sort = SortOrder::Date;
  by_date.snippets = false;
  EXPECT_EQ(ids(searcher_->search(by_date)), ids(unmixed().search(by_date)));
}

}  // namespace
}  // namespace newsidx
