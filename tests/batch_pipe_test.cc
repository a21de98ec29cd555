#include "common/batch_pipe.h"

#include <atomic>
#include <chrono>
#include <stdexcept>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace newsidx {
namespace {

using Batch = std::vector<int>;

// Produces batches of 3 numbers counting up from 0, `batches` of them.
struct Counting {
  int batches;
  int next = 0;
  int made = 0;
  bool operator()(Batch& b) {
    b.clear();
    for (int i = 0; i < 3; ++i) b.push_back(next++);
    return ++made < batches;
  }
};

TEST(BatchPipe, EveryBatchIsConsumedInOrderTheLastOneToo) {
  for (int batches : {1, 2, 7, 100}) {
    std::vector<int> seen;
    run_pipelined<Batch>(Counting{batches}, [&](const Batch& b) { seen.insert(seen.end(), b.begin(), b.end()); });
    ASSERT_EQ(seen.size(), static_cast<std::size_t>(3 * batches));
    for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], static_cast<int>(i)) << batches << " batches";
  }
}

TEST(BatchPipe, TheProducerRunsOnAThreadOfItsOwnAndConsumingOnTheCallers) {
  std::thread::id produced_on, consumed_on;
  run_pipelined<Batch>(
      [&](Batch&) {
        produced_on = std::this_thread::get_id();
        return false;
      },
      [&](const Batch&) { consumed_on = std::this_thread::get_id(); });
  EXPECT_NE(produced_on, std::this_thread::get_id());
  EXPECT_EQ(consumed_on, std::this_thread::get_id());
}

// A slow consumer: the producer may run ahead by the queue's depth, no more.
TEST(BatchPipe, TheProducerRunsAheadByTheDepthAtMost) {
  std::atomic<int> produced{0};
  int consumed = 0, most_ahead = 0;
  Counting counting{40};
  run_pipelined<Batch>(
      [&](Batch& b) {
        const bool more = counting(b);
        ++produced;
        return more;
      },
      [&](const Batch&) {
        ++consumed;
        most_ahead = std::max(most_ahead, produced.load() - consumed);
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
      },
      3);
  EXPECT_EQ(consumed, 40);
  EXPECT_LE(most_ahead, 2);  // of the three batches, one is being consumed
  EXPECT_GE(most_ahead, 1) << "the producer never ran ahead: not two stages at once";
}

TEST(BatchPipe, AProducersErrorComesAfterTheBatchesBeforeIt) {
  std::vector<int> seen;
  Counting counting{1000};
  try {
    run_pipelined<Batch>(
        [&](Batch& b) {
          if (counting.made == 5) throw std::runtime_error("read error at batch 5");
          return counting(b);
        },
        [&](const Batch& b) { seen.insert(seen.end(), b.begin(), b.end()); });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "read error at batch 5");
  }
  EXPECT_EQ(seen.size(), 15u);
}

// The producer would run forever: the consumer's error must stop it.
TEST(BatchPipe, AConsumersErrorStopsTheProducer) {
  int consumed = 0;
  try {
    run_pipelined<Batch>(Counting{1 << 30}, [&](const Batch&) {
      if (++consumed == 3) throw std::invalid_argument("bad batch");
    });
    FAIL() << "no exception";
  } catch (const std::invalid_argument& e) {
    EXPECT_STREQ(e.what(), "bad batch");
  }
  EXPECT_EQ(consumed, 3);
}

}  // namespace
}  // namespace newsidx
