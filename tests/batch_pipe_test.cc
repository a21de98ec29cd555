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

// Several workers: batches are read one at a time, in order, worked on at
// once, and consumed in the order they were read however the work ends.
TEST(BatchPipe, WorkersWorkAtOnceAndBatchesAreConsumedInReadOrder) {
  std::atomic<int> reading{0}, working{0}, most_working{0};
  std::atomic<bool> reads_overlapped{false};
  Counting counting{200};
  std::vector<int> seen;
  run_pipelined<Batch>(
      [&](Batch& b) {
        if (++reading > 1) reads_overlapped = true;
        const bool more = counting(b);
        --reading;
        return more;
      },
      [&](Batch& b, std::size_t worker) {
        const int now = ++working;
        for (int seen_most = most_working; now > seen_most && !most_working.compare_exchange_weak(seen_most, now);) {
        }
        // Even batches take longer: a later batch often ends first.
        std::this_thread::sleep_for(std::chrono::microseconds(b.front() / 3 % 2 == 0 ? 300 : 10));
        for (int& x : b) x = x * 10 + static_cast<int>(worker);
        --working;
      },
      [&](const Batch& b) {
        for (int x : b) seen.push_back(x / 10);
      },
      3, 8);
  ASSERT_EQ(seen.size(), 600u);
  for (std::size_t i = 0; i < seen.size(); ++i) ASSERT_EQ(seen[i], static_cast<int>(i));
  EXPECT_FALSE(reads_overlapped);
  EXPECT_GE(most_working.load(), 2) << "the workers never worked at once";
}

// A worker's error: the batches read before the failing one are consumed,
// none after it, and the error reaches the caller.
TEST(BatchPipe, AWorkersErrorComesAfterTheBatchesBeforeIt) {
  std::vector<int> seen;
  Counting counting{1000};
  try {
    run_pipelined<Batch>(
        counting,
        [&](Batch& b, std::size_t) {
          if (b.front() == 3 * 7) throw std::runtime_error("bad batch 7");
          if (b.front() < 3 * 7) std::this_thread::sleep_for(std::chrono::milliseconds(2));  // end after it
        },
        [&](const Batch& b) { seen.insert(seen.end(), b.begin(), b.end()); }, 2, 6);
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "bad batch 7");
  }
  EXPECT_EQ(seen.size(), 21u);
}

}  // namespace
}  // namespace newsidx
