// The state behind a Searcher: the reader pool follows commits and new
// generations, and the column cache reads new columns in the background
// while searches go on with the last ones.
#include <gtest/gtest.h>

#include <xapian.h>

#include "index/store.h"
#include "newsidx/indexer.h"
#include "searcher/column_cache.h"
#include "searcher/reader_pool.h"
#include "tests/test_util.h"

namespace newsidx {
namespace {

void add(const std::string& dir, const std::string& id) {
  test::TempDir in;
  test::write_file(in.file("a.jsonl"), test::article_line(id) + "\n");
  IndexerOptions o;
  o.commit_every = 1;
  Indexer(dir, o).add_files({in.file("a.jsonl")});
}

TEST(ReaderPool, AReturnedReaderIsReusedAndReopensOnlyAfterACommit) {
  test::TempDir dir;
  add(dir.path(), "a1");
  ReaderPool pool(dir.path());
  auto reader = pool.borrow();
  const Reader* first = reader.get();
  const store::CommitId before = reader->commit();
  EXPECT_EQ(reader->db.get_doccount(), 1u);
  pool.give_back(std::move(reader));

  reader = pool.borrow();
  EXPECT_EQ(reader.get(), first);  // the same reader, not a new one
  EXPECT_EQ(reader->commit(), before);
  pool.give_back(std::move(reader));

  add(dir.path(), "a2");  // a commit into the same generation
  reader = pool.borrow();
  EXPECT_EQ(reader.get(), first);
  EXPECT_EQ(reader->commit().generation, before.generation);
  EXPECT_GT(reader->commit().revision, before.revision);
  EXPECT_EQ(reader->db.get_doccount(), 2u);
}

TEST(ReaderPool, FollowsANewGeneration) {
  test::TempDir dir;
  add(dir.path(), "a1");
  ReaderPool pool(dir.path());
  const std::string old_generation = pool.borrow()->generations.at(0);
  // A new generation published over the old one, as a bulk load does.
  const std::string fresh = store::next_generation(dir.path());
  {
    Xapian::WritableDatabase db(fresh, Xapian::DB_CREATE);
    db.commit();
  }
  store::publish(dir.path(), fresh);
  const auto reader = pool.borrow();
  EXPECT_NE(old_generation, fresh);
  EXPECT_EQ(reader->generations.at(0), fresh);
  EXPECT_EQ(reader->db.get_doccount(), 0u);
}

TEST(ReaderPool, CallsAreRetriedWhenAWriterOvertakesThem) {
  test::TempDir dir;
  add(dir.path(), "a1");
  ReaderPool pool(dir.path());
  int calls = 0;
  const int result = pool.with_reader([&](Reader&) {
    if (++calls < 3) throw Xapian::DatabaseModifiedError("overtaken");
    return 7;
  });
  EXPECT_EQ(result, 7);
  EXPECT_EQ(calls, 3);
  try {
    pool.with_reader([](Reader&) -> int { throw Xapian::DatabaseModifiedError("overtaken"); });
    FAIL();
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()), dir.path() + ": the index changed too fast to read: overtaken");
  }
}

TEST(ColumnCache, NewColumnsAreReadInTheBackgroundWhileTheLastOnesServe) {
  test::TempDir dir;
  add(dir.path(), "a1");
  ReaderPool pool(dir.path());
  ColumnCache cache(true);
  auto reader = pool.borrow();
  const store::CommitId first = reader->commit();
  EXPECT_EQ(cache.of_commit(first), nullptr);
  const auto read_first = cache.latest(reader->db, first);  // none yet: read at once
  ASSERT_NE(read_first, nullptr);
  EXPECT_EQ(cache.of_commit(first), read_first);
  pool.give_back(std::move(reader));

  add(dir.path(), "a2");
  reader = pool.borrow();
  const store::CommitId second = reader->commit();
  ASSERT_NE(second, first);
  EXPECT_EQ(cache.of_commit(second), nullptr);
  EXPECT_EQ(cache.latest(reader->db, second), read_first);  // the last ones, at once
  cache.wait_for_background();
  const auto read_second = cache.of_commit(second);  // read meanwhile
  ASSERT_NE(read_second, nullptr);
  EXPECT_NE(read_second, read_first);
  EXPECT_FALSE(read_second->summary(2).empty());  // the new article is in them
  EXPECT_TRUE(read_first->summary(2).empty());
}

TEST(ColumnCache, ReadNowGivesTheColumnsOfTheVeryCommit) {
  test::TempDir dir;
  add(dir.path(), "a1");
  ReaderPool pool(dir.path());
  ColumnCache cache(false);
  auto reader = pool.borrow();
  const auto read = cache.read_now(reader->db, reader->commit());
  EXPECT_EQ(cache.read_now(reader->db, reader->commit()), read);  // read once
  EXPECT_EQ(cache.of_commit(reader->commit()), read);
  EXPECT_TRUE(read->summary(1).empty());  // without summaries
  EXPECT_EQ(read->lengths()->size(), 2u);
}

}  // namespace
}  // namespace newsidx
