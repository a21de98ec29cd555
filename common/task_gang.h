// A few threads kept to run small tasks at once, the calling thread taking
// a share: for work that mostly waits (a round trip to each shard's server)
// rather than computes. One run at a time; give each user its own gang.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace newsidx {

class TaskGang {
 public:
  TaskGang() = default;
  ~TaskGang();
  TaskGang(const TaskGang&) = delete;
  TaskGang& operator=(const TaskGang&) = delete;

  // Beyond this many threads of its own, tasks wait for one to be free.
  static constexpr std::size_t kMostThreads = 15;

  // Calls task(i) for every i in [0, n) and returns when all have returned;
  // threads are started on the first run that needs them (n - 1 at most).
  // Rethrows the exception of the lowest i that threw, after all ended.
  void run(std::size_t n, const std::function<void(std::size_t)>& task);

 private:
  void work();
  // Takes the next task of the current run and runs it; false when none is left.
  bool run_one(std::unique_lock<std::mutex>& lock);

  std::mutex mutex_;
  std::condition_variable wake_, done_;
  const std::function<void(std::size_t)>* task_ = nullptr;
  std::size_t next_ = 0, count_ = 0, unfinished_ = 0;
  std::vector<std::exception_ptr> errors_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace newsidx
