// ColumnBM25 with a DocCursor gives every document Xapian's own BM25 weight.
#include <gtest/gtest.h>

#include <map>

#include <xapian.h>

#include "indexer/store.h"
#include "newsidx/indexer.h"
#include "query/column_bm25.h"
#include "query/match_helpers.h"
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
                                                         " harbour news " + std::to_string(i) + R"(.")") + "\n";
  test::write_file(dir.file("harbour.jsonl"), lines);
  Indexer(dir.path()).add_files({test::sample_articles(), dir.file("harbour.jsonl")});
  const Xapian::Database db = store::open_reader(dir.path());
  auto lengths = std::make_shared<std::vector<std::uint32_t>>(db.get_lastdocid() + 1, 0);
  for (auto it = db.postlist_begin(""); it != db.postlist_end(""); ++it) (*lengths)[*it] = it.get_doclength();

  // Common and rare terms, synonyms, a scaled clause, and terms that match
  // in more than a third of the documents.
  std::vector<std::string> terms;
  for (auto it = db.allterms_begin(); it != db.allterms_end(); ++it)
    if (it.get_termfreq() >= 2 && !((*it)[0] >= 'A' && (*it)[0] <= 'Z')) terms.push_back(*it);  // no prefix
  ASSERT_GT(terms.size(), 20u);
  std::string most_frequent = terms[0];
  for (const auto& t : terms)
    if (db.get_termfreq(t) > db.get_termfreq(most_frequent)) most_frequent = t;
  ASSERT_GT(db.get_termfreq(most_frequent) * 3, db.get_doccount());
  const std::vector<Q> five{Q(terms[8]), Q(terms[9]), Q(terms[10]), Q(terms[11]), Q(terms[12])};
  const std::vector<Q> queries{
      Q(terms[0]),
      Q(Q::OP_OR, Q(terms[1]), Q(terms[2])),
      Q(Q::OP_AND, Q(terms[3]), Q(Q::OP_SYNONYM, Q(terms[4]), Q(terms[5]))),
      Q(Q::OP_OR, Q(terms[6]), Q(Q::OP_SCALE_WEIGHT, Q(terms[7]), 0.5)),
      Q(Q::OP_OR, five.begin(), five.end()),
      Q(Q::OP_AND_MAYBE, Q(terms[13]), Q(terms[14])),
      Q(Q::OP_OR, Q(most_frequent), Q(terms[15])),
      // The shapes a search adds: exclusions, filters, the relaxed elite set,
      // a phrase, and the freshness bonus.
      Q(Q::OP_AND_NOT, Q(most_frequent), Q(terms[16])),
      Q(Q::OP_FILTER, Q(Q::OP_OR, Q(terms[17]), Q(most_frequent)), Q(Q::OP_VALUE_GE, 0, std::string("\x80"))),
      Q(Q::OP_ELITE_SET, five.begin(), five.end(), 2),
      Q(Q::OP_OR, Q(Q::OP_PHRASE, Q(most_frequent), Q(terms[18])), Q(terms[19])),
      Q(Q::OP_AND_MAYBE, Q(most_frequent),
        Q((new RecencySource(1700000000, 7))->release())),
  };
  std::size_t compared = 0;
  for (const Q& query : queries) {
    for (double b : {0.75, 0.0}) {
      Xapian::Enquire xapian(db);
      xapian.set_query(query);
      xapian.set_weighting_scheme(Xapian::BM25Weight(1.2, 0, 1, b, 0.5));
      Xapian::Enquire ours(db);
      auto current = std::make_shared<CurrentDoc>();
      ours.set_query(Q(Q::OP_AND, query, Q((new DocCursor(current, db.get_lastdocid(), db.get_doccount()))->release())));
      ours.set_weighting_scheme(ColumnBM25(1.2, b, 0.5, lengths, current));
      const auto expected = weights(xapian), got = weights(ours);
      EXPECT_FALSE(expected.empty()) << query.get_description();
      ASSERT_EQ(got.size(), expected.size()) << query.get_description();
      for (const auto& [did, w] : expected) {
        EXPECT_NEAR(got.at(did), w, 1e-9) << query.get_description() << " doc " << did;
        ++compared;
      }
    }
  }
  EXPECT_GT(compared, 50u);
}

}  // namespace
}  // namespace newsidx
