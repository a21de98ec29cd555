// newsindex snapshot: a copy of the index and the view counts taken while
// both are written holds what one commit held (per shard), never a mix,
// and opens as an index of its own.
#include <atomic>
#include <filesystem>
#include <set>
#include <thread>

#include "index/shards.h"
#include "newsidx/errors.h"
#include "newsidx/indexer.h"
#include "newsidx/searcher.h"
#include "newsidx/views.h"
#include "tests/test_util.h"

namespace newsidx::test {
namespace {

namespace fs = std::filesystem;

constexpr int kBatches = 30, kBatchSize = 5, kLogRounds = 30, kLinesPerRound = 20;

std::string batch_id(int batch, int i) { return "snap-" + std::to_string(batch) + "-" + std::to_string(i); }

// Views of one article from distinct readers: every line one view.
std::string log_round(int round) {
  std::string log;
  for (int i = 0; i < kLinesPerRound; ++i)
    log += "10." + std::to_string(round) + ".0." + std::to_string(i) +
           " - - [24/Mar/2024:12:00:00 +0000] \"GET /en/en-aif-2024 HTTP/1.1\" 200 10 \"-\" \"Mozilla/5.0 "
           "Firefox/121.0\"\n";
  return log;
}

std::uint64_t views_of_the_article(const std::string& dir) {
  PopularRequest r;
  r.window_seconds = 0;
  r.top = 0;
  for (const auto& hit : Searcher(dir).popular(r).results)
    if (hit.id == "en-aif-2024") return hit.views;
  return 0;
}

unsigned shard_of_id(const std::string& dir, const std::string& id) {
  return store::shard_of(id, static_cast<unsigned>(store::part_dirs(dir).size()));
}

bool has(const Searcher& s, const std::string& id) { return s.article(id).has_value(); }

// Snapshots DIR into DEST while it is written and checks the copy: each
// batch whole or absent, shard by shard (a shard commits its part of a
// batch at once), and the views a whole number of rounds. Returns the
// copy's article count.
std::size_t snapshot_and_check(const std::string& dir, const std::string& dest) {
  snapshot_index(dir, dest);
  copy_view_counts(dir, dest);
  const Searcher copy(dest);
  for (int b = 0; b < kBatches; ++b) {
    std::map<unsigned, std::set<bool>> present_by_shard;
    for (int i = 0; i < kBatchSize; ++i)
      present_by_shard[shard_of_id(dir, batch_id(b, i))].insert(has(copy, batch_id(b, i)));
    for (const auto& [shard, present] : present_by_shard)
      EXPECT_EQ(present.size(), 1u) << "batch " << b << " is split in shard " << shard << " of " << dest;
  }
  EXPECT_EQ(views_of_the_article(dest) % kLinesPerRound, 0u) << dest;
  return copy.info().articles;
}

// Writes batches of articles (one commit each) and rounds of views (one
// commit each) while snapshots are taken; checks each snapshot.
void snapshots_while_writing(const std::string& dir, TempDir& scratch) {
  Indexer(dir).add_files({sample_articles()});
  for (int b = 0; b < kBatches; ++b) {
    std::string lines;
    for (int i = 0; i < kBatchSize; ++i) lines += article_line(batch_id(b, i)) + "\n";
    write_file(scratch.file("batch-" + std::to_string(b) + ".jsonl"), lines);
  }
  for (int r = 0; r < kLogRounds; ++r) write_file(scratch.file("log-" + std::to_string(r)), log_round(r));

  std::atomic<bool> writing{true};
  std::thread articles([&] {
    for (int b = 0; b < kBatches; ++b) {
      Indexer(dir).add_files({scratch.file("batch-" + std::to_string(b) + ".jsonl")});
      // Paced, so that snapshots fall between the batches even where a
      // copy is slow (else every copy may hold the last batch alone).
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  std::thread views([&] {
    for (int r = 0; r < kLogRounds; ++r) ViewCounter(dir).add_logs({scratch.file("log-" + std::to_string(r))});
  });
  std::thread done([&] {
    articles.join();
    views.join();
    writing = false;
  });
  int taken = 0;
  std::set<std::size_t> counts_seen;
  // A copy that throws is a failure named by its message; the writers are
  // still joined (a joinable thread left behind would abort the test).
  while (writing || taken < 2) {
    const std::string dest = scratch.file("snapshot-" + std::to_string(taken++));
    try {
      counts_seen.insert(snapshot_and_check(dir, dest));
    } catch (const std::exception& e) {
      ADD_FAILURE() << dest << ": " << e.what();
      break;
    }
  }
  done.join();
  EXPECT_GE(taken, 2);
  // Some were taken between commits (a machine so slow that the writers
  // finished before the first copy would show one count only).
  EXPECT_GE(counts_seen.size(), 2u) << taken << " snapshots";

  // Taken when nothing writes: the whole of it.
  const std::string last = scratch.file("snapshot-after");
  snapshot_index(dir, last);
  ASSERT_TRUE(copy_view_counts(dir, last));
  EXPECT_EQ(Searcher(last).info().articles, 49u + kBatches * kBatchSize);
  EXPECT_EQ(views_of_the_article(last), views_of_the_article(dir));
  EXPECT_EQ(views_of_the_article(last), static_cast<std::uint64_t>(kLogRounds * kLinesPerRound));
  SearchRequest q;
  q.query = "Astana";
  q.limit = 20;
  const auto ids = [](const SearchResult& r) {
    std::vector<std::string> out;
    for (const auto& h : r.results) out.push_back(h.id);
    return out;
  };
  EXPECT_EQ(ids(Searcher(last).search(q)), ids(Searcher(dir).search(q)));
  EXPECT_FALSE(ids(Searcher(last).search(q)).empty());
}

TEST(Snapshot, OfAnIndexBeingWrittenHoldsWholeCommitsAndOpensAsAnIndex) {
  TempDir scratch;
  snapshots_while_writing(scratch.file("db"), scratch);
}

TEST(Snapshot, OfAShardedIndexBeingWrittenHoldsEachShardsWholeCommits) {
  TempDir scratch;
  create_index(scratch.file("db"), 3);
  snapshots_while_writing(scratch.file("db"), scratch);
  EXPECT_TRUE(fs::exists(scratch.file("snapshot-after/shard-2/xapian.stub")));
}

TEST(Snapshot, RefusesShardServersAndAMissingIndexAndLeavesNothing) {
  TempDir scratch;
  create_remote_index(scratch.file("remote"), {"127.0.0.1:1"});
  try {
    snapshot_index(scratch.file("remote"), scratch.file("dest"));
    FAIL() << "copied";
  } catch (const DatabaseError& e) {
    EXPECT_EQ(std::string(e.what()), scratch.file("remote") +
                                         ": its shards are on shard servers; snapshot each shard where it is "
                                         "served (newsindex --db SHARD_DIR snapshot DEST)");
  }
  EXPECT_THROW(snapshot_index(scratch.file("none"), scratch.file("dest")), DatabaseError);
  EXPECT_FALSE(fs::exists(scratch.file("dest")));
}

}  // namespace
}  // namespace newsidx::test
