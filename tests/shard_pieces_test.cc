// The query pieces a shard server runs (query/shard_resources.h), read back
// as the server reads them: the query, then the weight, then the spies, on
// one thread. With the server's columns they weigh and count from memory,
// without them from Xapian's lengths and values; either way as one index.
#include <gtest/gtest.h>

#include <cmath>
#include <cctype>
#include <map>
#include <set>
#include <memory>

#include <xapian.h>

#include "index/doc_columns.h"
#include "index/schema.h"
#include "index/shards.h"
#include "index/store.h"
#include "newsidx/analyzer.h"
#include "newsidx/indexer.h"
#include "query/column_bm25.h"
#include "query/facets.h"
#include "query/match_values.h"
#include "query/shard_resources.h"
#include "query/term_lists.h"
#include "query/wire.h"
#include "query/word_bitmaps.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

using Q = Xapian::Query;

// What a shard server's ShardCache gives, from fixed columns (or none), counting the asks.
class FixedResources : public ShardResources {
 public:
  explicit FixedResources(std::shared_ptr<const DocColumns> columns) : columns_(std::move(columns)) {}
  std::shared_ptr<const DocColumns> columns(const Xapian::Database&) override {
    ++columns_asked;
    return columns_;
  }
  std::shared_ptr<const DocBitmap> bitmap(const Xapian::Database& db, const std::string& term) override {
    ++bitmaps_asked;
    return term_bitmap(db, term);
  }
  int columns_asked = 0, bitmaps_asked = 0;

 private:
  std::shared_ptr<const DocColumns> columns_;
};

// Sets the resources for the test's life.
struct ResourcesSet {
  explicit ResourcesSet(ShardResources* r) { set_shard_resources(r); }
  ~ResourcesSet() { set_shard_resources(nullptr); }
};

Xapian::Registry shard_pieces() {
  Xapian::Registry reg;
  reg.register_posting_source(DocCursor(nullptr, {}));
  reg.register_posting_source(FrequentWordsSource({}));
  reg.register_weighting_scheme(ColumnBM25(0, 0, 0, nullptr));
  reg.register_match_spy(FacetValueSpy());
  reg.register_match_spy(MatchValuesSpy());
  reg.register_match_spy(TermListSpy());
  reg.register_match_spy(TermFreqSpy({}));
  reg.register_posting_source(DocidsSource({}, {}));
  return reg;
}

// Runs `sent` with the spy `sent_spy` on `db` as a shard server does: both
// read back through the registry, the query first (its DocCursor starts
// the match's CurrentDoc, which the spy takes), a BoolWeight match that
// returns no matches, counting at least `check` of them. Returns the
// server's spy's results, as the client receives them.
std::string run_as_server(const Xapian::Database& db, const Q& sent, const Xapian::MatchSpy& sent_spy,
                          Xapian::doccount check) {
  const Xapian::Registry reg = shard_pieces();
  const Q read = Q::unserialise(sent.serialise(), reg);
  std::unique_ptr<Xapian::MatchSpy> spy(reg.get_match_spy(sent_spy.name())->unserialise(sent_spy.serialise(), reg));
  Xapian::Enquire server(db);
  server.set_query(read);
  server.set_weighting_scheme(Xapian::BoolWeight());
  server.add_matchspy(spy.get());
  server.get_mset(0, 0, check);
  return spy->serialise_results();
}

class ShardPieces : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new test::TempDir;
    std::string lines;
    for (int i = 0; i < 30; ++i)
      lines += test::article_line("h" + std::to_string(i), R"("body": "The harbour )" + std::string(i % 4 + 1, 'x') +
                                                               " harbour news " + std::to_string(i) + R"(.", )" +
                                                               R"("tags": ["Port )" + std::to_string(i % 3) + R"("])") +
               "\n";
    test::write_file(dir_->file("harbour.jsonl"), lines);
    Indexer(dir_->path()).add_files({test::sample_articles(), dir_->file("harbour.jsonl")});
    // The same articles in the same order, the harbour ones longer: other lengths by the same docids.
    longer_ = new test::TempDir;
    std::string padded;
    for (std::size_t at = 0, end; (end = lines.find("\n", at)) != std::string::npos; at = end + 1)
      padded += lines.substr(at, end - at - 1) + R"(, "lead": "a long lead of many more words than before"})" + "\n";
    test::write_file(longer_->file("harbour.jsonl"), padded);
    Indexer(longer_->path()).add_files({test::sample_articles(), longer_->file("harbour.jsonl")});
  }
  static void TearDownTestSuite() {
    delete dir_;
    delete longer_;
  }

  static std::map<Xapian::docid, double> weights(Xapian::Enquire& enquire) {
    std::map<Xapian::docid, double> out;
    const Xapian::MSet m = enquire.get_mset(0, 1000);
    for (auto it = m.begin(); it != m.end(); ++it) out[*it] = it.get_weight();
    return out;
  }

  // `query` ranked as a shard server ranks what rank_by_bm25 sends it.
  static std::map<Xapian::docid, double> as_a_shard_server_weighs(const Xapian::Database& db, const Q& query,
                                                                  double b) {
    const Xapian::Registry reg = shard_pieces();
    const auto sent_current = std::make_shared<CurrentDoc>();
    const Q cursor((new DocCursor(sent_current, {}))->release());
    const Q read = Q::unserialise(Q(Q::OP_AND, cursor, query).serialise(), reg);
    const ColumnBM25 sent(1.2, b, kMinNormalisedLength, sent_current);
    const std::unique_ptr<Xapian::Weight> weight(reg.get_weighting_scheme(sent.name())->unserialise(sent.serialise()));
    Xapian::Enquire server(db);
    server.set_query(read);
    server.set_weighting_scheme(*weight);
    return weights(server);
  }

  static test::TempDir* dir_;
  static test::TempDir* longer_;
};

test::TempDir* ShardPieces::dir_ = nullptr;
test::TempDir* ShardPieces::longer_ = nullptr;

TEST_F(ShardPieces, BM25FromTheServersColumnsOrXapiansLengthsWeighsLikeXapian) {
  const Xapian::Database db = store::open_reader(dir_->path());
  Analyzer analyzer;
  auto t = [&](const char* word) { return analyzer.analyze(word, "en").at(0).term; };
  const std::vector<Q> queries{Q(t("harbour")), Q(Q::OP_OR, Q(t("harbour")), Q(t("Khorgos"))),
                               Q(Q::OP_AND, Q(t("news")), Q(Q::OP_SYNONYM, Q(t("harbour")), Q(t("bank")))),
                               Q(Q::OP_OR, Q(t("the")), Q(t("referendum"))),
                               Q(Q::OP_AND_NOT, Q(t("the")), Q(t("harbour")))};
  FixedResources with(std::make_shared<const DocColumns>(db, false)), without(nullptr);
  std::size_t compared = 0;
  for (FixedResources* resources : {&with, &without}) {
    const ResourcesSet set(resources);
    for (const Q& query : queries) {
      for (double b : {0.75, 0.0}) {
        Xapian::Enquire xapian(db);
        rank_by_bm25(xapian, query, db, 1.2, b, nullptr);  // Xapian's BM25Weight
        const auto expected = weights(xapian), got = as_a_shard_server_weighs(db, query, b);
        ASSERT_EQ(got.size(), expected.size()) << query.get_description();
        for (const auto& [did, w] : expected) {
          EXPECT_NEAR(got.at(did), w, 1e-9) << query.get_description() << " doc " << did;
          ++compared;
        }
      }
    }
    EXPECT_EQ(resources->columns_asked, 10);  // once per match: the cursor asked
  }
  EXPECT_GT(compared, 100u);
  // The weights do come from the columns given: those of other lengths give other weights.
  FixedResources wrong(std::make_shared<const DocColumns>(store::open_reader(longer_->path()), false));
  const ResourcesSet set(&wrong);
  Xapian::Enquire xapian(db);
  rank_by_bm25(xapian, queries[0], db, 1.2, 0.75, nullptr);
  const auto expected = weights(xapian), got = as_a_shard_server_weighs(db, queries[0], 0.75);
  ASSERT_EQ(got.size(), expected.size());
  std::size_t differ = 0;
  for (const auto& [did, w] : expected) differ += std::abs(got.at(did) - w) > 1e-6;
  EXPECT_EQ(differ, expected.size());
}

TEST_F(ShardPieces, FacetsFromTheServersColumnsAreTheValuesCounts) {
  const Xapian::Database db = store::open_reader(dir_->path());
  Analyzer analyzer;
  const Q query(Q::OP_OR, Q(analyzer.analyze("harbour", "en").at(0).term),
                Q(analyzer.analyze("Kazakhstan", "en").at(0).term));
  auto counted = [&](ShardResources* resources) {
    const ResourcesSet set(resources);
    // As count_matches sends it: the cursor first, then the spy.
    const Q cursor((new DocCursor(std::make_shared<CurrentDoc>(), {}))->release());
    FacetValueSpy merged;  // what the client makes of the server's answer
    merged.merge_results(run_as_server(db, Q(Q::OP_AND, cursor, query), FacetValueSpy(), db.get_doccount()));
    return merged.result(100);
  };
  FixedResources with(std::make_shared<const DocColumns>(db, false));
  const auto from_columns = counted(&with);
  const auto from_values = counted(nullptr);
  EXPECT_EQ(with.columns_asked, 1);
  ASSERT_EQ(from_columns.size(), 4u);
  for (const auto& [facet, values] : from_values) {
    ASSERT_EQ(from_columns.at(facet).size(), values.size()) << facet;
    for (std::size_t i = 0; i < values.size(); ++i) {
      EXPECT_EQ(from_columns.at(facet)[i].value, values[i].value) << facet;
      EXPECT_EQ(from_columns.at(facet)[i].count, values[i].count) << facet;
    }
  }
  // The harbour articles' three tags, ten each, first.
  ASSERT_GE(from_values.at("tag").size(), 3u);
  for (std::size_t i = 0; i < 3; ++i) {
    EXPECT_EQ(from_values.at("tag")[i].value, "Port " + std::to_string(i));
    EXPECT_EQ(from_values.at("tag")[i].count, 10u);
  }
}

TEST_F(ShardPieces, FrequentWordsSentToAServerMatchWhatTheirBitmapMatches) {
  const Xapian::Database db = store::open_reader(dir_->path());
  Analyzer analyzer;
  const std::vector<QueryWord> words = analyzer.analyze_query("the harbour", std::string("en"));
  ASSERT_EQ(words.size(), 2u);
  const auto expected = words_bitmap(words, [&](const std::string& t) { return term_bitmap(db, t); });
  FixedResources resources(nullptr);
  const ResourcesSet set(&resources);
  const Xapian::Registry reg = shard_pieces();
  const Q read = Q::unserialise(Q((new FrequentWordsSource(words))->release()).serialise(), reg);
  Xapian::Enquire server(db);
  server.set_query(read);
  const Xapian::MSet m = server.get_mset(0, 1000);
  std::size_t n = 0, in_bitmap = 0;
  for (auto it = m.begin(); it != m.end(); ++it, ++n) EXPECT_TRUE(expected->has(*it)) << *it;
  for (DocId did = expected->next_from(1); did != 0; did = expected->next_from(did + 1)) ++in_bitmap;
  EXPECT_EQ(n, in_bitmap);
  EXPECT_GE(n, 30u);  // every harbour article says "the harbour"
  EXPECT_GT(resources.bitmaps_asked, 0);
}

// The values of chosen matches, as a search over shard servers fetches
// them after ranking: each shard's server reads its own (from its columns
// when it has them), and the client tells the docids of the whole; asked
// for, the stored articles too (snippets).
TEST(MatchValues, EachShardSendsItsOwnByTheDocidsOfTheWhole) {
  test::TempDir dir;
  create_index(dir.path(), 3);
  Indexer(dir.path()).add_files({test::sample_articles()});
  const Xapian::Database all = store::open_reader(dir.path());
  // Shard 0 has 13 documents: docid 40 of the whole is none.
  const std::vector<Xapian::docid> asked{1, 2, 3, 7, 11, 12, 40, 41};
  for (const bool with_articles : {false, true}) {
    MatchValuesSpy client(nullptr, 0, with_articles);
    for (std::size_t k = 0; k < 3; ++k) {  // as each shard's server runs it
      const Xapian::Database shard = store::open_reader(dir.path() + "/shard-" + std::to_string(k));
      FixedResources resources(k == 1 ? std::make_shared<const DocColumns>(shard, true) : nullptr);  // one with columns
      const ResourcesSet set(&resources);
      const Q sent(Q::OP_AND, Q((new DocCursor(std::make_shared<CurrentDoc>(), {}))->release()),
                   Q((new DocidsSource(asked, all.get_uuid()))->release()));
      client.merge_results(run_as_server(shard, sent, client, 100));
    }
    std::unordered_map<Xapian::docid, MatchValues> values;
    values[3] = MatchValues{"already known", 1, 2, {}};
    client.add_to(values, all.get_uuid());
    EXPECT_EQ(values.size(), asked.size() - 1);
    EXPECT_EQ(values.count(40), 0u);
    for (Xapian::docid did : asked) {
      if (did == 40) continue;
      const Xapian::Document doc = all.get_document(did);
      EXPECT_EQ(values.at(did).summary, doc.get_value(schema::kSlotSummary)) << did;
      EXPECT_EQ(values.at(did).fingerprint, schema::decode_fingerprint(doc.get_value(schema::kSlotFingerprint)))
          << did;
      EXPECT_NE(values.at(did).fingerprint, 0u) << did;
      EXPECT_EQ(values.at(did).story, DocColumns::story_key(doc.get_value(schema::kSlotStory))) << did;
      EXPECT_NE(values.at(did).story, 0u) << did;
      EXPECT_EQ(values.at(did).article, with_articles ? doc.get_value(schema::kSlotArticle) : "") << did;
    }
    EXPECT_EQ(values.at(1).article.empty(), !with_articles);
  }
}

// A match by relevance over shard servers brings its results' values with
// it: each shard's spy keeps the documents of its best weights (equal
// weights: the lowest docids, as Xapian ranks them), so the values of
// every result the shard sends arrive in that exchange, and no others.
TEST(MatchValues, TheBestOfEachShardComeWithItsMatch) {
  test::TempDir dir;
  create_index(dir.path(), 3);
  Indexer(dir.path()).add_files({test::sample_articles()});
  const Xapian::Database all = store::open_reader(dir.path());
  std::vector<std::string> common;  // the words of five articles or more: matches of many weights
  for (auto t = all.allterms_begin(); t != all.allterms_end(); ++t)
    if (!std::isupper(static_cast<unsigned char>((*t)[0])) && t.get_termfreq() >= 5) common.push_back(*t);
  ASSERT_GE(common.size(), 10u);
  const Q words(Q::OP_OR, common.begin(), common.end());
  const Q none(Q::OP_SCALE_WEIGHT, words, 0);  // every match weighs 0: Xapian stops at the fourth
  Xapian::FixedWeightPostingSource one(1);       // every match weighs 1: all are seen, the lowest docids kept
  const Q ties(Q::OP_FILTER, Q(&one), words);
  for (const Q& query : {words, none, ties}) {
    constexpr Xapian::doccount kBest = 4;
    MatchValuesSpy client;
    std::set<Xapian::docid> sent_results;  // by the docids of the whole
    for (Xapian::doccount k = 0; k < 3; ++k) {  // as each shard's server runs it
      const Xapian::Database shard = store::open_reader(dir.path() + "/shard-" + std::to_string(k));
      FixedResources resources(k == 1 ? std::make_shared<const DocColumns>(shard, true) : nullptr);
      const ResourcesSet set(&resources);
      const Xapian::Registry reg = shard_pieces();
      const Q sent(Q::OP_AND, Q((new DocCursor(std::make_shared<CurrentDoc>(), {}))->release()), query);
      const MatchValuesSpy sent_spy(nullptr, kBest);
      Xapian::Enquire server(shard);
      server.set_query(Q::unserialise(sent.serialise(), reg));  // the query first, as a server reads them
      std::unique_ptr<Xapian::MatchSpy> spy(reg.get_match_spy(sent_spy.name())->unserialise(sent_spy.serialise(), reg));
      server.add_matchspy(spy.get());
      const Xapian::MSet results = server.get_mset(0, kBest);
      EXPECT_EQ(results.size(), kBest) << k;
      for (Xapian::docid did : results) sent_results.insert(store::ShardPlace{k, 3}.global(did));
      client.merge_results(spy->serialise_results());
    }
    std::unordered_map<Xapian::docid, MatchValues> values;
    client.add_to(values, all.get_uuid());
    std::set<Xapian::docid> valued;
    for (const auto& [did, v] : values) {
      valued.insert(did);
      EXPECT_EQ(v.summary, all.get_document(did).get_value(schema::kSlotSummary)) << did;
    }
    EXPECT_EQ(valued, sent_results) << query.get_description();
  }
}

// The words of chosen documents (feedback's best matches over shard
// servers): each shard's server reads its own documents' term lists, and
// the client tells the docids of the whole.
TEST(TermLists, EachShardSendsItsDocumentsWordsByTheDocidsOfTheWhole) {
  test::TempDir dir;
  create_index(dir.path(), 3);
  Indexer(dir.path()).add_files({test::sample_articles()});
  const Xapian::Database all = store::open_reader(dir.path());
  const std::vector<Xapian::docid> asked{1, 2, 3, 7, 11, 40};  // 40 is none (shard 0 has 13)
  TermListSpy client;
  for (std::size_t k = 0; k < 3; ++k) {
    const Xapian::Database shard = store::open_reader(dir.path() + "/shard-" + std::to_string(k));
    const Q sent(Q::OP_AND, Q((new DocCursor(std::make_shared<CurrentDoc>(), {}))->release()),
                 Q((new DocidsSource(asked, all.get_uuid()))->release()));
    client.merge_results(run_as_server(shard, sent, client, 100));
  }
  std::unordered_map<Xapian::docid, DocWords> lists;
  client.add_to(lists, all.get_uuid());
  EXPECT_EQ(lists.size(), asked.size() - 1);
  EXPECT_EQ(lists.count(40), 0u);
  for (const Xapian::docid did : asked) {
    if (did == 40) continue;
    const DocWords expected = words_of(all, did);
    EXPECT_EQ(lists.at(did).words, expected.words) << did;
    EXPECT_EQ(lists.at(did).length, all.get_doclength(did)) << did;
    EXPECT_GE(expected.words.size(), 5u) << did;
    for (const auto& [term, wdf] : expected.words) EXPECT_TRUE(is_word(term)) << term;
  }
  EXPECT_THROW(client.merge_results("garbage"), Xapian::SerialisationError);
  // What a server reads from a damaged request: refused, not run.
  EXPECT_THROW(client.unserialise("garbage", shard_pieces()), Xapian::SerialisationError);
}

// Term frequencies over shard servers: each server counts in its shard, the
// client adds the counts up; a shard that did not answer is an error.
TEST(TermFreqs, TheShardsCountsAddUpToTheWholesFrequencies) {
  test::TempDir dir;
  create_index(dir.path(), 3);
  Indexer(dir.path()).add_files({test::sample_articles()});
  const Xapian::Database all = store::open_reader(dir.path());
  std::vector<std::string> terms{"no-such-term"};
  for (auto t = all.allterms_begin(); t != all.allterms_end() && terms.size() < 200; ++t) terms.push_back(*t);
  TermFreqSpy client(terms);
  const Q cursor((new DocCursor(std::make_shared<CurrentDoc>(), {}))->release());
  for (std::size_t k = 0; k < 3; ++k) {
    const Xapian::Database shard = store::open_reader(dir.path() + "/shard-" + std::to_string(k));
    client.merge_results(run_as_server(shard, cursor, client, 0));
    if (k == 1) {
      try {
        client.freqs(3);
        ADD_FAILURE() << "two of three shards made frequencies";
      } catch (const Xapian::NetworkError& e) {
        EXPECT_EQ(e.get_msg(), "newsidx: 2 of 3 shard servers sent term frequencies");
      }
    }
  }
  const auto freqs = client.freqs(3);
  ASSERT_EQ(freqs.size(), terms.size());
  std::size_t in_several = 0;
  for (const auto& t : terms) {
    EXPECT_EQ(freqs.at(t), all.get_termfreq(t)) << t;
    in_several += all.get_termfreq(t) > 1;
  }
  EXPECT_EQ(freqs.at("no-such-term"), 0u);
  EXPECT_GE(in_several, 20u);
  EXPECT_THROW(client.merge_results("garbage"), Xapian::SerialisationError);
  // Not run on a shard server (no shard to read): it says it sent none.
  TermFreqSpy no_shard(terms);
  EXPECT_THROW(client.merge_results(no_shard.serialise_results()), Xapian::SerialisationError);
  // What a server reads from a damaged request: refused, not run.
  EXPECT_THROW(client.unserialise("garbage", shard_pieces()), Xapian::SerialisationError);
  std::string too_many;
  wire::put_number(too_many, 1e6);  // a million terms announced, none sent
  EXPECT_THROW(client.unserialise(too_many, shard_pieces()), Xapian::SerialisationError);
}

}  // namespace
}  // namespace newsidx
