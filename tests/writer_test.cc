// ArticleWriter: articles in memory, visible at commit, checked as file lines
// are, from many threads at once, the one writer of its index, and nothing
// committed lost when the process is killed.
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <thread>

#include "index/shards.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

Article article(const std::string& id, const std::string& title) {
  Article a;
  a.id = id;
  a.lang = "en";
  a.title = title;
  a.body = "Body of " + id + ".";
  a.published = "2024-03-01T10:00:00Z";
  return a;
}

std::optional<std::string> title_of(const std::string& dir, const std::string& id) {
  const auto a = Searcher(dir).article(id);
  return a ? std::optional<std::string>(a->title) : std::nullopt;
}

TEST(ArticleWriter, ArticlesAreSeenAtCommitAndReplacedById) {
  TempDir dir;
  ArticleWriter writer(dir.path());
  EXPECT_EQ(writer.add(article("w-1", "Zebras reach Astana")), WriteResult::added);
  EXPECT_EQ(writer.add_json(article_line("w-2")), WriteResult::added);
  EXPECT_EQ(writer.pending(), 2u);
  EXPECT_EQ(Searcher(dir.path()).info().articles, 0u);  // not committed yet
  EXPECT_EQ(writer.commit(), 2u);
  EXPECT_EQ(title_of(dir.path(), "w-1"), "Zebras reach Astana");
  EXPECT_EQ(title_of(dir.path(), "w-2"), "Title of w-2");
  SearchRequest q;
  q.query = "zebras";
  const auto found = Searcher(dir.path()).search(q);
  ASSERT_EQ(found.results.size(), 1u);
  EXPECT_EQ(found.results[0].id, "w-1");

  EXPECT_EQ(writer.add(article("w-1", "Zebras leave Astana")), WriteResult::replaced);
  EXPECT_TRUE(writer.remove("w-2"));
  EXPECT_FALSE(writer.remove("no-such"));
  EXPECT_EQ(writer.commit(), 2u);
  EXPECT_EQ(title_of(dir.path(), "w-1"), "Zebras leave Astana");
  EXPECT_EQ(title_of(dir.path(), "w-2"), std::nullopt);
  EXPECT_EQ(Searcher(dir.path()).info().articles, 1u);
}

TEST(ArticleWriter, BadArticlesGetAFileLinesMessageAndNothingIsStored) {
  TempDir dir;
  const std::string bad_line = article_line("w-bad", R"("lang": "x y")");
  std::string file_message;
  IndexerOptions o;
  o.on_rejection = [&](const Rejection& r) { file_message = r.problem; };
  write_file(dir.file("bad.jsonl"), bad_line + "\n");
  Indexer(dir.file("db"), o).add_files({dir.file("bad.jsonl")});
  ASSERT_FALSE(file_message.empty());

  ArticleWriter writer(dir.file("db"));
  try {
    writer.add_json(bad_line);
    FAIL() << "stored";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(e.what(), file_message);
  }
  Article a = article("w-bad", "A title");
  a.lang = "x y";
  try {
    writer.add(a);
    FAIL() << "stored";
  } catch (const InvalidArgument& e) {
    EXPECT_EQ(e.what(), file_message);
  }
  a = article("w-bad", "");
  EXPECT_THROW(writer.add(a), InvalidArgument);
  a = article("w-bad", "A title");
  a.published = "2024-02-30T10:00:00Z";
  EXPECT_THROW(writer.add(a), InvalidArgument);
  EXPECT_THROW(writer.add_json("{not json"), InvalidArgument);
  EXPECT_EQ(writer.pending(), 0u);
  writer.commit();
  EXPECT_EQ(Searcher(dir.file("db")).info().articles, 0u);
}

TEST(ArticleWriter, IsTheOneWriterOfItsIndex) {
  TempDir dir;
  ArticleWriter writer(dir.path());
  EXPECT_THROW(ArticleWriter second(dir.path()), DatabaseError);
  write_file(dir.file("a.jsonl"), article_line("file-1") + "\n");
  EXPECT_THROW(Indexer(dir.path()).add_files({dir.file("a.jsonl")}), DatabaseError);
  const auto cli = run({NEWSINDEX_BIN, "--db", dir.path(), "add", dir.file("a.jsonl")});
  EXPECT_EQ(cli.exit_code, 1);
  EXPECT_EQ(cli.err, "newsindex: " + dir.path() +
                         ": the index is being written by another process; try again when it has finished\n");
}

// A writer that says who it is is named to the writers it refuses, while it
// lives and its process does.
TEST(ArticleWriter, AHolderIsNamedToTheWritersItRefuses) {
  TempDir dir;
  create_index(dir.file("db"), 2);
  write_file(dir.file("a.jsonl"), article_line("file-1") + "\n");
  const std::string named = " (newssearch serve --writable, pid " + std::to_string(::getpid()) + ")";
  {
    ArticleWriter writer(dir.file("db"), "newssearch serve --writable");
    const auto cli = run({NEWSINDEX_BIN, "--db", dir.file("db"), "add", dir.file("a.jsonl")});
    EXPECT_EQ(cli.exit_code, 1);
    EXPECT_EQ(cli.err, "newsindex: " + dir.file("db/shard-0") + ": the index is being written by another process" +
                           named + "; try again when it has finished\n");
  }
  EXPECT_FALSE(std::filesystem::exists(dir.file("db/.writer")));  // cleared with the writer
  // A note left by a process killed meanwhile names no one.
  write_file(dir.file("db/.writer"), "999999999\tnewssearch serve --writable\n");
  ArticleWriter unnamed(dir.file("db"));
  const auto cli = run({NEWSINDEX_BIN, "--db", dir.file("db"), "add", dir.file("a.jsonl")});
  EXPECT_EQ(cli.err, "newsindex: " + dir.file("db/shard-0") +
                         ": the index is being written by another process; try again when it has finished\n");
}

TEST(ArticleWriter, ManyThreadsAddAndCommitAtOnceAndNothingIsLost) {
  TempDir dir;
  create_index(dir.path(), 3);
  ArticleWriter writer(dir.path());
  constexpr int kThreads = 4, kEach = 60;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&writer, t] {
      for (int i = 0; i < kEach; ++i) {
        writer.add(article("t" + std::to_string(t) + "-" + std::to_string(i), "Thread article"));
        if (i % 10 == 9) writer.commit();
      }
    });
  for (auto& t : threads) t.join();
  writer.commit();
  const Searcher searcher(dir.path());
  EXPECT_EQ(searcher.info().articles, static_cast<std::size_t>(kThreads * kEach));
  for (int t = 0; t < kThreads; ++t)
    for (int i = 0; i < kEach; ++i) EXPECT_TRUE(searcher.article("t" + std::to_string(t) + "-" + std::to_string(i)));
  // Each went to the shard of its id.
  const auto parts = store::part_dirs(dir.path());
  EXPECT_EQ(Searcher(parts[store::shard_of("t0-0", 3)]).article("t0-0").has_value(), true);
}

TEST(ArticleWriter, AKilledProcessKeepsWhatItCommittedAndNoMore) {
  TempDir dir;
  const pid_t pid = fork();
  if (pid == 0) {
    ArticleWriter writer(dir.path());
    for (int i = 0; i < 10; ++i) writer.add(article("k-" + std::to_string(i), "Committed"));
    writer.commit();
    for (int i = 10; i < 15; ++i) writer.add(article("k-" + std::to_string(i), "Not committed"));
    ::kill(::getpid(), SIGKILL);
    _exit(0);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status));
  const Searcher searcher(dir.path());
  EXPECT_EQ(searcher.info().articles, 10u);
  EXPECT_FALSE(searcher.article("k-10"));
  ArticleWriter again(dir.path());  // the lock died with the process
  EXPECT_EQ(again.add(article("k-10", "Now")), WriteResult::added);
}

}  // namespace
}  // namespace newsidx::test
