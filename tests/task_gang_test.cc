#include "common/task_gang.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace newsidx {
namespace {

TEST(TaskGang, EveryTaskRunsOnceInEachRunAndTheRunWaitsForAll) {
  TaskGang gang;
  for (std::size_t n : std::vector<std::size_t>{5, 2, 7, 0, 1, TaskGang::kMostThreads + 25}) {
    std::vector<std::atomic<int>> runs(n);
    gang.run(n, [&](std::size_t i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(2 * (i % 3)));
      ++runs[i];
    });
    for (std::size_t i = 0; i < n; ++i) EXPECT_EQ(runs[i].load(), 1) << "n " << n << ", task " << i;
  }
}

TEST(TaskGang, ALoneTaskRunsOnTheCallingThread) {
  TaskGang gang;
  std::thread::id ran_on;
  gang.run(1, [&](std::size_t) { ran_on = std::this_thread::get_id(); });
  EXPECT_EQ(ran_on, std::this_thread::get_id());
}

// Each task waits until all four have started: run in turn, each would
// give up after its timeout and see fewer.
TEST(TaskGang, TasksRunAtOnce) {
  TaskGang gang;
  std::mutex mutex;
  std::condition_variable all_started;
  int started = 0;
  std::vector<int> seen(4, 0);
  gang.run(4, [&](std::size_t i) {
    std::unique_lock<std::mutex> lock(mutex);
    ++started;
    all_started.notify_all();
    all_started.wait_for(lock, std::chrono::seconds(5), [&] { return started == 4; });
    seen[i] = started;
  });
  EXPECT_EQ(seen, std::vector<int>({4, 4, 4, 4}));
}

TEST(TaskGang, TheLowestFailingTaskIsRethrownOnceAllHaveEnded) {
  TaskGang gang;
  std::vector<std::atomic<bool>> ended(5);
  try {
    gang.run(5, [&](std::size_t i) {
      if (i == 1 || i == 3) throw std::runtime_error("task " + std::to_string(i) + " failed");
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      ended[i] = true;
    });
    FAIL() << "no exception";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "task 1 failed");
  }
  for (std::size_t i : {0u, 2u, 4u}) EXPECT_TRUE(ended[i]) << i;
  std::atomic<int> after{0};
  gang.run(3, [&](std::size_t) { ++after; });  // the gang still works
  EXPECT_EQ(after.load(), 3);
}

}  // namespace
}  // namespace newsidx
