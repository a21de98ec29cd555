// Damaged, lost and foreign files in a --db directory: each gives a clear
// error naming the file and what to do, never a crash, and nothing that
// still holds articles is deleted.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <functional>

#include <sqlite3.h>
#include <xapian.h>

#include "index/schema.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

namespace fs = std::filesystem;

class DamagedData : public ::testing::Test {
 protected:
  void SetUp() override {
    Indexer(dir_.path()).add_files({test::sample_articles()});
    generation_ = dir_.file("xapian-000002");  // the bulk load's, after the empty first one
    ASSERT_TRUE(fs::exists(generation_));
  }

  // What a Searcher over the directory throws, or "" when it opens and searches.
  std::string searcher_error() {
    SearchRequest req;
    req.query = "referendum";
    return search_error(req);
  }
  std::string search_error(const SearchRequest& req) {
    try {
      Searcher(dir_.path()).search(req);
      return "";
    } catch (const DatabaseError& e) {
      return e.what();
    }
  }

  // Replaces value `slot` of document 1 by what `damage` makes of it; returns
  // a search that matches document 1 among up to 100 results.
  SearchRequest damage_document_1(unsigned slot, const std::function<std::string(const std::string&)>& damage) {
    Xapian::WritableDatabase db(generation_, Xapian::DB_OPEN);
    Xapian::Document doc = db.get_document(1);
    doc.add_value(slot, damage(doc.get_value(slot)));
    db.replace_document(1, doc);
    db.commit();
    SearchRequest req;
    req.query = "lang:" + base_language(doc.get_value(schema::kSlotLang));
    req.limit = 100;
    return req;
  }

  std::string recover_hint() const {
    return "`newsindex --db " + dir_.path() + " recover` publishes the newest intact generation";
  }

  std::string store_stub() const { return dir_.file("xapian.stub"); }

  test::CommandResult add_more() {
    test::write_file(dir_.file("more.jsonl"), test::article_line("more-1") + "\n");
    return test::run({NEWSINDEX_BIN, "--db", dir_.path(), "add", dir_.file("more.jsonl")});
  }

  test::TempDir dir_;
  std::string generation_;
};

TEST_F(DamagedData, AGarbledStubIsNamedAndRecoverPublishesTheIntactGeneration) {
  test::write_file(store_stub(), "glass xapian-00000X junk\n");
  const std::string expected =
      dir_.file("xapian.stub") + ": damaged stub file (expected \"glass xapian-NNNNNN\"); " + recover_hint();
  EXPECT_EQ(searcher_error(), expected);
  const auto added = add_more();
  EXPECT_EQ(added.exit_code, 1);
  EXPECT_NE(added.err.find(expected), std::string::npos) << added.err;
  EXPECT_TRUE(fs::exists(generation_));  // the writer deleted nothing

  const auto recovered = test::run({NEWSINDEX_BIN, "--db", dir_.path(), "recover"});
  EXPECT_EQ(recovered.exit_code, 0) << recovered.err;
  EXPECT_EQ(recovered.err, dir_.path() + ": now serving " + generation_ + "\n");
  EXPECT_EQ(searcher_error(), "");
  EXPECT_EQ(Searcher(dir_.path()).info().articles, 49u);
}

TEST_F(DamagedData, AnEmptyStubIsNamed) {
  test::write_file(store_stub(), "");
  EXPECT_EQ(searcher_error(),
            dir_.file("xapian.stub") + ": damaged stub file (expected \"glass xapian-NNNNNN\"); " + recover_hint());
}

TEST_F(DamagedData, ALostStubNeverMakesTheWriterStartOver) {
  fs::remove(store_stub());
  const std::string expected =
      dir_.file("xapian.stub") + " is missing, but " + generation_ + " holds an index; " + recover_hint();
  EXPECT_EQ(searcher_error(), expected);
  const auto added = add_more();
  EXPECT_EQ(added.exit_code, 1);
  EXPECT_NE(added.err.find(expected), std::string::npos) << added.err;
  ASSERT_TRUE(fs::exists(generation_));
  EXPECT_EQ(recover_index(dir_.path()), generation_);
  EXPECT_EQ(add_more().exit_code, 0);
  EXPECT_EQ(Searcher(dir_.path()).info().articles, 50u);  // the sample and the new one: nothing lost
}

// A writer killed while creating an index leaves an empty generation and
// no stub: nothing to keep, so the next writer starts over.
TEST(DamagedDataEmpty, AnUnpublishedEmptyGenerationIsStartedOver) {
  test::TempDir dir;
  {
    Xapian::WritableDatabase db(dir.file("xapian-000001"), Xapian::DB_CREATE);
    db.commit();
  }
  try {
    Searcher s(dir.path());
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()),
              "no index in " + dir.path() + " (create one with: newsindex --db " + dir.path() + " add FILE)");
  }
  test::write_file(dir.file("a.jsonl"), test::article_line("a1") + "\n");
  EXPECT_EQ(Indexer(dir.path()).add_files({dir.file("a.jsonl")}).added, 1u);
  EXPECT_EQ(Searcher(dir.path()).info().articles, 1u);
}

// Regression (seen once in SigkillAtAnyMomentLosesNothingCommitted): a
// writer killed while creating the first generation left it half-written,
// which no later writer would start over from. It is now made under a
// scratch name, and what a kill leaves there is cleared by the next writer.
TEST(DamagedDataEmpty, AHalfMadeFirstGenerationIsStartedOverAndCleared) {
  test::TempDir dir;
  fs::create_directories(dir.file(".build-99999-new"));
  test::write_file(dir.file(".build-99999-new/iamglass"), "half");
  test::write_file(dir.file("a.jsonl"), test::article_line("a1") + "\n");
  EXPECT_EQ(Indexer(dir.path()).add_files({dir.file("a.jsonl")}).added, 1u);
  EXPECT_EQ(Searcher(dir.path()).info().articles, 1u);
  EXPECT_FALSE(fs::exists(dir.file(".build-99999-new")));
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir.path())) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  EXPECT_EQ(names, (std::vector<std::string>{"a.jsonl", "xapian-000002", "xapian.stub"}));
}

TEST_F(DamagedData, AStubNamingAGenerationThatIsGone) {
  test::write_file(store_stub(), "glass xapian-000009\n");
  EXPECT_EQ(searcher_error(), dir_.file("xapian.stub") + " names xapian-000009, which is missing; " + recover_hint());
  EXPECT_EQ(add_more().exit_code, 1);
  EXPECT_TRUE(fs::exists(generation_));
  EXPECT_EQ(recover_index(dir_.path()), generation_);
  EXPECT_EQ(searcher_error(), "");
}

TEST_F(DamagedData, AnIndexOfAnotherSchemaVersionIsRefusedByReadersAndWriters) {
  {
    Xapian::WritableDatabase db(generation_, Xapian::DB_OPEN);
    db.set_metadata(schema::kSchemaVersionKey, "3");
    db.commit();
  }
  const std::string expected = dir_.path() + ": index schema 3 is not this version's " + schema::kSchemaVersion +
                               "; rebuild it: newsindex --db " + dir_.path() +
                               " export > FILE, then newsindex --db NEW_DIR add FILE";
  EXPECT_EQ(searcher_error(), expected);
  const auto added = add_more();
  EXPECT_EQ(added.exit_code, 1);
  EXPECT_NE(added.err.find(expected), std::string::npos) << added.err;
}

TEST_F(DamagedData, StateOfAnotherSchemaVersionIsRefusedByPopular) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(dir_.file("state.sqlite").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT); INSERT INTO meta VALUES('schema', '1');",
                   nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  try {
    Searcher(dir_.path()).popular(PopularRequest());
    FAIL() << "popular read a state of schema 1";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(
        std::string(e.what()),
        dir_.file("state.sqlite") + ": view counts of schema 1, not this version's 3; delete the file and count again");
  }
}

TEST_F(DamagedData, ADamagedStoredSummaryNamesTheIndex) {
  SearchRequest req = damage_document_1(schema::kSlotSummary, [](const std::string&) { return "no separators here"; });
  req.snippets = false;
  EXPECT_EQ(search_error(req), dir_.path() +
                                   ": a stored result summary is damaged; rebuild the index with "
                                   "newsindex add, or restore a copy");
}

TEST_F(DamagedData, ADamagedStoredArticleNamesTheIndex) {
  // Its snippet reads the article.
  const SearchRequest req = damage_document_1(
      schema::kSlotArticle, [](const std::string& packed) { return packed.substr(0, packed.size() / 2); });
  EXPECT_EQ(search_error(req), dir_.path() +
                                   ": a stored article is damaged (it does not inflate); rebuild the index "
                                   "with newsindex add, or restore a copy");
}

// Regression: stats printed a damaged language value as it was.
TEST_F(DamagedData, StatsChecksTheLanguagesItReads) {
  {
    Xapian::WritableDatabase db(generation_, Xapian::DB_OPEN);
    Xapian::Document doc = db.get_document(3);
    doc.add_value(schema::kSlotLang, "\x01\xfe");
    db.replace_document(3, doc);
    db.commit();
  }
  try {
    index_stats(dir_.path());
    FAIL() << "stats read a damaged language";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()), dir_.path() +
                                         ": the index is damaged (document 3 has a language code that is not a BCP 47 "
                                         "tag); "
                                         "rebuild it with newsindex add, or restore a copy");
  }
}

TEST_F(DamagedData, ATruncatedTableFileIsAnErrorNotACrash) {
  const std::string table = generation_ + "/postlist.glass";
  fs::resize_file(table, fs::file_size(table) / 2);
  const std::string error = searcher_error();
  EXPECT_EQ(error.rfind(dir_.path() + ": ", 0), 0u) << error;
  EXPECT_NE(error.find("rebuild it with newsindex add, or restore a copy"), std::string::npos) << error;
}

}  // namespace
}  // namespace newsidx
