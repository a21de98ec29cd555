// ColumnBM25 with a DocCursor gives every document Xapian's own BM25 weight.
#include <gtest/gtest.h>

#include <map>

#include <xapian.h>

#include "index/doc_columns.h"
#include "index/store.h"
#include "newsidx/analyzer.h"
#include "newsidx/indexer.h"
#include "query/column_bm25.h"
#include "query/recency.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

using Q = Xapian::Query;

std::map<Xapian::docid, double> weights(Xapian::Enquire& enquire) {
  std::map<Xapian::docid, double> out;
  const Xapian::MSet m = enquire.get_mset(0, 1000);
  for (auto it = m.begin(); it != m.end(); ++it) out[*it] = it.get_weight();
  return out;
}

TEST(ColumnBM25, WeighsLikeXapiansBM25) {
  test::TempDir dir;
  // The sample, and articles that all say "harbour" (with "the", terms in
  // over a third of the documents).
  std::string lines;
  for (int i = 0; i < 30; ++i)
    lines += test::article_line("h" + std::to_string(i), R"("body": "The harbour )" + std::string(i % 4 + 1, 'x') +
                                                             " harbour news " + std::to_string(i) + R"(.")") +
             "\n";
  test::write_file(dir.file("harbour.jsonl"), lines);
  Indexer(dir.path()).add_files({test::sample_articles(), dir.file("harbour.jsonl")});
  const Xapian::Database db = store::open_reader(dir.path());
  const DocColumns columns(db, false);

  // The index term of an English word, which the index must hold.
  Analyzer analyzer;
  auto t = [&](const char* word) {
    const std::string term = analyzer.analyze(word, "en").at(0).term;
    EXPECT_GT(db.get_termfreq(term), 0u) << word;
    return term;
  };
  const std::string the = t("the"), harbour = t("harbour"), news = t("news");
  ASSERT_GT(db.get_termfreq(the) * 3, db.get_doccount());  // in over a third: Xapian's other idf branch
  auto phrase = [](const Q& a, const Q& b, Xapian::termcount window) {
    const Q both[] = {a, b};
    return Q(Q::OP_PHRASE, std::begin(both), std::end(both), window);
  };
  const std::vector<Q> five{Q(t("Khorgos")), Q(t("Nauryz")), Q(t("referendum")), Q(t("bank")), Q(t("forum"))};
  const std::vector<Q> queries{
      Q(harbour),
      Q(Q::OP_OR, Q(harbour), Q(t("Khorgos"))),
      Q(Q::OP_AND, Q(news), Q(Q::OP_SYNONYM, Q(harbour), Q(t("bank")))),
      Q(Q::OP_OR, Q(t("Nauryz")), Q(Q::OP_SCALE_WEIGHT, Q(news), 0.5)),
      Q(Q::OP_OR, five.begin(), five.end()),
      Q(Q::OP_AND_MAYBE, Q(harbour), Q(t("xx"))),
      Q(Q::OP_OR, Q(the), Q(t("referendum"))),
      // The shapes a search adds: exclusions, filters, the relaxed elite set,
      // a phrase, and the freshness bonus.
      Q(Q::OP_AND_NOT, Q(the), Q(harbour)),
      Q(Q::OP_FILTER, Q(Q::OP_OR, Q(news), Q(the)), Q(Q::OP_VALUE_GE, 0, std::string("\x80"))),
      Q(Q::OP_ELITE_SET, five.begin(), five.end(), 2),
      Q(Q::OP_OR, Q(Q::OP_PHRASE, Q(the), Q(harbour)), Q(t("forum"))),
      // Two phrases with a word in common, as a word of two readings gives.
      Q(Q::OP_OR, Q(Q::OP_PHRASE, Q(harbour), Q(news)), Q(Q::OP_PHRASE, Q(harbour), Q(t("xx")))),
      Q(Q::OP_AND_MAYBE, Q(the), Q((new RecencySource(1700000000, 7))->release())),
      // The proximity boost: phrases of adjacent words beside the words (with
      // the columns' lengths these weighed 0.37-0.48 low: rank_by_bm25 must
      // fall back on Xapian's BM25 for them).
      Q(Q::OP_AND_MAYBE, Q(Q::OP_AND, Q(news), Q(harbour)),
        Q(Q::OP_OR, Q(Q::OP_SCALE_WEIGHT, phrase(Q(news), Q(harbour), 2), 0.25),
          Q(Q::OP_SCALE_WEIGHT, phrase(Q(harbour), Q(the), 2), 0.25))),
      Q(Q::OP_AND_MAYBE, Q(Q::OP_OR, Q(Q::OP_OR, Q(the), Q(harbour)), Q(news)),
        Q(Q::OP_OR, Q(Q::OP_SCALE_WEIGHT, phrase(Q(the), Q(harbour), 4), 0.5),
          Q(Q::OP_SCALE_WEIGHT, phrase(Q(Q::OP_OR, Q(harbour), Q(t("bank"))), Q(news), 4), 0.5))),
  };
  std::size_t compared = 0;
  for (const Q& query : queries) {
    for (double b : {0.75, 0.0}) {
      Xapian::Enquire xapian(db), ours(db);
      rank_by_bm25(xapian, query, db, 1.2, b, nullptr);  // Xapian's BM25Weight
      rank_by_bm25(ours, query, db, 1.2, b, columns.lengths());
      const auto expected = weights(xapian), got = weights(ours);
      EXPECT_FALSE(expected.empty()) << query.get_description();
      ASSERT_EQ(got.size(), expected.size()) << query.get_description();
      for (const auto& [did, w] : expected) {
        EXPECT_NEAR(got.at(did), w, 1e-9) << query.get_description() << " doc " << did;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 100u);
}

}  // namespace
}  // namespace newsidx

namespace newsidx {
namespace {

// Over shard servers every ranked match starts with the DocCursor, phrases
// too (weighed by Xapian's BM25 there): a server's spies take the cursor's
// CurrentDoc, and without one they would take the last match's, columns
// of an older revision included.
TEST(RankByBM25, OnShardServersEveryMatchStartsWithTheCursor) {
  test::TempDir dir;
  Indexer(dir.path()).add_files({test::sample_articles()});
  const Xapian::Database db = store::open_reader(dir.path());
  using Q = Xapian::Query;
  const Q words(Q::OP_AND, Q("the"), Q("of"));
  const Q pair[] = {Q("the"), Q("of")};
  const Q phrase(Q::OP_PHRASE, std::begin(pair), std::end(pair), 4);
  const auto has_cursor = [](const Xapian::Enquire& e) {
    return e.get_query().serialise().find("newsidx.Cursor") != std::string::npos;
  };
  for (const Q& q : {words, phrase}) {
    Xapian::Enquire remote(db), local(db);
    rank_by_bm25(remote, q, db, 1.2, 0.75, nullptr, true);
    EXPECT_TRUE(has_cursor(remote)) << q.get_description();
    rank_by_bm25(local, q, db, 1.2, 0.75, nullptr, false);
    EXPECT_FALSE(has_cursor(local)) << q.get_description();  // no lengths: Xapian's BM25 alone
  }
}

}  // namespace
}  // namespace newsidx
