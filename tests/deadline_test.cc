// SearchRequest::time_limit_seconds bounds a whole search: the filter that
// ends a match at the deadline, the steps skipped after it, and repeated
// prefixes compiled once.
#include <gtest/gtest.h>

#include <xapian.h>

#include "newsidx/analyzer.h"
#include "query/deadline.h"
#include "query/query_builder.h"
#include "query/query_parser.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

Xapian::WritableDatabase thousand_documents() {
  Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
  for (int i = 0; i < 1000; ++i) {
    Xapian::Document d;
    d.add_term("x");
    db.add_document(d);
  }
  return db;
}

Xapian::doccount matches(const Xapian::Database& db, DeadlineSource& stop) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, Xapian::Query("x"), Xapian::Query(&stop)));
  return enquire.get_mset(0, 1000).size();
}

TEST(DeadlineSource, EndsTheMatchOnceTheTimeIsUp) {
  const auto db = thousand_documents();
  DeadlineSource past(Deadline::Clock::now() - std::chrono::seconds(1));
  EXPECT_EQ(matches(db, past), 255u);  // the clock is read every 256 steps
  EXPECT_TRUE(past.cut());
  DeadlineSource future(Deadline::Clock::now() + std::chrono::hours(1));
  EXPECT_EQ(matches(db, future), 1000u);
  EXPECT_FALSE(future.cut());
}

TEST(Deadline, NoneAtZero) {
  const Deadline none(0);
  EXPECT_FALSE(none.limited());
  EXPECT_FALSE(none.passed());
  const Deadline tiny(1e-9);
  EXPECT_TRUE(tiny.limited());
  EXPECT_TRUE(tiny.passed());
  EXPECT_GE(tiny.seconds_left(), 0.001);
}

std::string compiled(const std::string& text) {
  Analyzer analyzer;
  return compile_query(parse_query(text).root, analyzer, std::nullopt, Combine::All).query.get_description();
}

// Regression: 340 x "a*" in one query took 4 s (16 s on a 100,000-article
// index), one expansion walked per copy.
TEST(RepeatedPrefixes, AreCompiledOnce) {
  EXPECT_EQ(compiled("a* a* a*"), compiled("a*"));
  EXPECT_EQ(compiled("(a* OR a*) b"), compiled("a* b"));
  EXPECT_EQ(compiled("title:a* title:a*"), compiled("title:a*"));
  EXPECT_NE(compiled("title:a* a*"), compiled("a*"));  // another field is another clause
  EXPECT_NE(compiled("a* -a*").find("AND_NOT"), std::string::npos);
}

class TimeLimit : public test::SampleIndexTest {};

TEST_F(TimeLimit, ASearchOverItsTimeSaysSoAndSkipsTheRest) {
  SearchRequest req;
  req.query = "referendum";
  req.facets = true;
  const SearchResult unlimited = searcher().search(req);
  EXPECT_FALSE(unlimited.timed_out);
  EXPECT_TRUE(unlimited.facets_exact);
  EXPECT_FALSE(unlimited.facets.empty());
  req.time_limit_seconds = 1e-9;  // up before the search starts
  const SearchResult late = searcher().search(req);
  EXPECT_TRUE(late.timed_out);
  EXPECT_FALSE(late.facets_exact);
  EXPECT_TRUE(late.facets.empty());  // counting them was skipped
  for (const auto& id : ids(late))   // what was found is what an unlimited search finds
    EXPECT_NE(std::find(ids(unlimited).begin(), ids(unlimited).end(), id), ids(unlimited).end()) << id;
  req.time_limit_seconds = 60;
  const SearchResult ample = searcher().search(req);
  EXPECT_FALSE(ample.timed_out);
  EXPECT_EQ(ids(ample), ids(unlimited));
}

}  // namespace
}  // namespace newsidx
