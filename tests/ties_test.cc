// Matches that score the same: a group of equal scores larger than the
// ranked page is fetched whole and put in id order, whatever the docids,
// and small totals stay exact though only a page and a little more is ranked.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <xapian.h>

#include "index/store.h"
#include "newsidx/searcher.h"
#include "query/collapse.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

constexpr int kTied = 150;

std::string padded(int i) {
  std::string s = std::to_string(i);
  return std::string(3 - s.size(), '0') + s;
}

class Ties : public test::OwnIndexTest {
 protected:
  static void SetUpTestSuite() {
    std::string lines;
    // Added out of id order (37 is prime to 150): docid order is not id order.
    for (int k = 0; k < kTied; ++k) {
      const int i = (k * 37) % kTied;
      // Bodies of equal length, not alike (alike ones would collapse as re-publications).
      lines += test::article_line("tie-" + padded(i), R"("title": "Zelmora harbour", "body": "The Zelmora harbour )"
                                                      R"(opened )" + std::to_string(i) + R"(.")") +
               "\n";
    }
    for (int i = 1; i <= 3; ++i)  // the word twice: above the tied ones, equal among themselves
      lines += test::article_line("strong-" + std::to_string(i), R"("title": "Zelmora harbour", "body": "Zelmora )"
                                                                 R"(again )" + std::to_string(i) + R"(.")") +
               "\n";
    // Forty of different lengths: forty different scores.
    std::string body;
    for (int i = 0; i < 40; ++i) {
      body += " filler" + std::to_string(i);
      lines += test::article_line("len-" + padded(i), R"("title": "Quorvath", "body": "Quorvath)" + body + R"(.")") +
               "\n";
    }
    index_lines(lines);
  }

  static SearchResult page(const std::string& query, std::size_t offset, std::size_t limit = 10) {
    SearchRequest req;
    req.query = query;
    req.lang = "en";
    req.offset = offset;
    req.limit = limit;
    req.snippets = false;
    return searcher_->search(req);
  }

  static std::vector<std::string> ids(const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.results) out.push_back(h.id);
    return out;
  }
};

TEST_F(Ties, AGroupOfEqualScoresLargerThanThePageIsInIdOrder) {
  const SearchResult first = page("zelmora", 0);
  ASSERT_EQ(first.results.size(), 10u);
  EXPECT_EQ(ids(first), (std::vector<std::string>{"strong-1", "strong-2", "strong-3", "tie-000", "tie-001", "tie-002",
                                                  "tie-003", "tie-004", "tie-005", "tie-006"}));
  EXPECT_GT(first.results[2].score, first.results[3].score);
  EXPECT_DOUBLE_EQ(first.results[3].score, first.results[9].score);
  // Deep in the group, and its end.
  EXPECT_EQ(ids(page("zelmora", 80, 3)), (std::vector<std::string>{"tie-077", "tie-078", "tie-079"}));
  EXPECT_EQ(ids(page("zelmora", 150)), (std::vector<std::string>{"tie-147", "tie-148", "tie-149"}));
  // 153 matches, more than are counted exactly: the bounds hold the truth.
  EXPECT_LE(first.total_lower, 153u);
  EXPECT_GE(first.total_upper, 153u);
}

// The whole group in one more fetch, with the tied weight as cutoff, where
// doubling the page fetched 40, 80 and 160 (the search above is right either way).
TEST_F(Ties, OneMoreFetchBringsTheWholeGroup) {
  const Xapian::Database db = store::open_reader(dir_->path());
  const Xapian::TermIterator term = db.allterms_begin("zelmor");
  ASSERT_NE(term, db.allterms_end("zelmor"));
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(*term));
  std::vector<std::pair<Xapian::doccount, double>> calls;
  const Fetch ranked_by = fetch_from(enquire);
  const Fetch fetch = [&](Xapian::doccount n, double min_weight) {
    calls.emplace_back(n, min_weight);
    return ranked_by(n, min_weight);
  };
  const Ranked ranked = fetch_whole_ties(fetch, 20, false);
  ASSERT_EQ(calls.size(), 2u);
  EXPECT_EQ(calls[0], (std::pair<Xapian::doccount, double>{20, 0}));
  EXPECT_GT(calls[1].second, 0);
  EXPECT_EQ(ranked.mset.size(), 153u);
  EXPECT_EQ(ranked.upper, 153u);
  EXPECT_TRUE(ranked.all());
  // The three strong ones tie too: two of them asked for, all three come,
  // and none of the weaker group.
  calls.clear();
  EXPECT_EQ(fetch_whole_ties(fetch, 2, false).mset.size(), 3u);
  EXPECT_EQ(calls.size(), 2u);
}

TEST_F(Ties, ASmallTotalIsExactThoughMoreThanThePageMatch) {
  const SearchResult r = page("quorvath", 0);
  EXPECT_EQ(r.total, 40u);
  EXPECT_TRUE(r.total_exact);
  // The shortest text scores most.
  EXPECT_EQ(ids(r), (std::vector<std::string>{"len-000", "len-001", "len-002", "len-003", "len-004", "len-005",
                                              "len-006", "len-007", "len-008", "len-009"}));
  EXPECT_EQ(ids(page("quorvath", 38)), (std::vector<std::string>{"len-038", "len-039"}));
}

}  // namespace
}  // namespace newsidx
