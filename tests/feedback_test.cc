// Pseudo-relevance feedback chooses its words as Xapian's own expansion
// (Enquire::get_eset) chooses them from one index. (Over shard servers, the
// same answers as one index: ShardedAnswers in shards_test.cc.)
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include <xapian.h>

#include "index/store.h"
#include "query/feedback.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

using Q = Xapian::Query;

class WordsOnly : public Xapian::ExpandDecider {
 public:
  bool operator()(const std::string& term) const override {
    return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z');
  }
};

// The query with the words Xapian's expansion picks for `best`, as with_feedback builds it.
Q xapians_choice(const Q& query, const Xapian::Database& db, const std::vector<Xapian::docid>& best,
                 const Feedback& feedback) {
  Xapian::Enquire enquire(db);
  enquire.set_query(query);
  Xapian::RSet rset;
  for (const Xapian::docid did : best) rset.add_document(did);
  const WordsOnly words;
  const Xapian::ESet eset = enquire.get_eset(feedback.terms, rset, &words);
  if (eset.empty()) return query;
  std::vector<Q> added;
  for (auto t = eset.begin(); t != eset.end(); ++t) added.emplace_back(*t);
  return Q(Q::OP_AND_MAYBE, query, Q(Q::OP_SCALE_WEIGHT, Q(Q::OP_OR, added.begin(), added.end()), feedback.weight));
}

class FeedbackWords : public test::SampleIndexTest {};

TEST_F(FeedbackWords, AreXapiansExpansionOfTheBestMatches) {
  const Xapian::Database db = store::open_reader(db_path());
  const Feedback feedback{5, 15, 0.7};
  std::size_t expanded = 0;
  // A query of two words of each article (its first and its middle one).
  for (Xapian::docid did = 1; did <= db.get_lastdocid(); ++did) {
    std::vector<std::string> words;
    for (auto t = db.termlist_begin(did); t != db.termlist_end(did); ++t)
      if (WordsOnly()(*t)) words.push_back(*t);
    ASSERT_GE(words.size(), 2u) << did;
    const Q query(Q::OP_OR, Q(words.front()), Q(words[words.size() / 2]));
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    const Xapian::MSet mset = enquire.get_mset(0, feedback.documents);
    std::vector<Xapian::docid> best;
    for (auto m = mset.begin(); m != mset.end(); ++m) best.push_back(*m);
    const std::string expected = xapians_choice(query, db, best, feedback).get_description();
    EXPECT_EQ(with_feedback(query, db, best, feedback, false).get_description(), expected) << did;
    expanded += expected != query.get_description();
  }
  EXPECT_GE(expanded, 40u);
}

TEST_F(FeedbackWords, NoBestMatchesOrNoWordsLeaveTheQueryAsItIs) {
  const Xapian::Database db = store::open_reader(db_path());
  const Q query("астана");
  EXPECT_EQ(with_feedback(query, db, {}, Feedback{5, 15, 0.7}, false).get_description(), query.get_description());
  EXPECT_EQ(with_feedback(query, db, {1, 2}, Feedback{5, 0, 0.7}, false).get_description(), query.get_description());
  EXPECT_EQ(with_feedback(query, db, {1, 2}, Feedback{5, 15, 0}, false).get_description(), query.get_description());
}

}  // namespace
}  // namespace newsidx
