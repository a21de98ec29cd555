// Ranking beyond BM25: the proximity boost and pseudo-relevance feedback.
#include <gtest/gtest.h>

#include <set>
#include <vector>

#include "newsidx/searcher.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

class Ranking : public test::OwnIndexTest {
 protected:
  static void SetUpTestSuite() {
    // "base rate" adjacent in one, a page apart in the other; equal length
    // and the same words, so that BM25 alone cannot tell them apart.
    const std::string filler = " alpha beta gamma delta epsilon zeta eta theta iota kappa";
    const std::pair<const char*, std::string> articles[] = {
        // Equal weights go by id: a-apart before b-adjacent without the boost.
        {"a-apart", "the rate rose" + filler + filler + " the base moved"},
        {"b-adjacent", "the base rate rose" + filler + filler + " the moved"},
        // Feedback: all match "glacier" once, the shorter above.
        {"g1", "glacier melt ice retreat"},
        {"g2", "glacier melt ice retreat melt"},
        {"g-odd", "glacier tourism hotel prices spa"},
        {"g3", "glacier ice retreat melt ice retreat"},
        {"other-1", "markets rally"},
        {"other-2", "football cup final"},
        {"other-3", "election results announced"},
    };
    std::string lines;
    for (const auto& [id, body] : articles)
      lines += test::article_line(id, R"("title": "News", "body": ")" + body + "\"") + "\n";
    index_lines(lines);
  }

  static std::vector<std::string> ranked(const Searcher& s, const std::string& query, bool any, bool feedback) {
    SearchRequest req;
    req.query = query;
    req.any = any;
    req.feedback = feedback;
    std::vector<std::string> ids;
    for (const auto& hit : s.search(req).results) ids.push_back(hit.id);
    return ids;
  }
};

TEST_F(Ranking, AdjacentWordsRankAboveTheSameWordsAPageApart) {
  SearcherOptions o;
  o.proximity_weight = 0.25;
  o.proximity_max_share = 1.0;  // a small index: every word is in a large share of it
  const Searcher near(dir_->path(), o);
  EXPECT_EQ(ranked(near, "base rate", false, false), (std::vector<std::string>{"b-adjacent", "a-apart"}));
  EXPECT_EQ(ranked(near, "base rate", true, false), (std::vector<std::string>{"b-adjacent", "a-apart"}));
  // In the wrong order the words are not a pair: the order is BM25's (equal: by id).
  const auto reversed = ranked(near, "rate base", false, false);
  o.proximity_weight = 0;
  const Searcher plain(dir_->path(), o);
  EXPECT_EQ(reversed, ranked(plain, "rate base", false, false));
  // Without the boost the two weigh the same.
  EXPECT_EQ(ranked(plain, "base rate", false, false), (std::vector<std::string>{"a-apart", "b-adjacent"}));
}

TEST_F(Ranking, FeedbackRanksTheMatchesThatShareTheBestOnesWords) {
  SearcherOptions o;
  o.feedback_documents = 2;
  const Searcher s(dir_->path(), o);
  EXPECT_EQ(ranked(s, "glacier", true, false), (std::vector<std::string>{"g1", "g-odd", "g2", "g3"}));
  // The best two are g1 and g-odd, as the page shows them (g-odd weighs what
  // g2 weighs and comes first by id; Xapian would take g2, the lower docid).
  // Xapian's expand weight ranks g-odd's own words (tourism, hotel...) above
  // g1's (melt, ice, retreat, also in g2 and g3): g-odd rises to the top,
  // then g3, which has g1's words twice; the matches stay.
  EXPECT_EQ(ranked(s, "glacier", true, true), (std::vector<std::string>{"g-odd", "g3", "g2", "g1"}));
  o.feedback_documents = 0;
  EXPECT_EQ(ranked(Searcher(dir_->path(), o), "glacier", true, true),
            (std::vector<std::string>{"g1", "g-odd", "g2", "g3"}));
}

}  // namespace
}  // namespace newsidx
