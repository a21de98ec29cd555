#include "common/task_gang.h"

namespace newsidx {

TaskGang::~TaskGang() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  for (auto& t : threads_) t.join();
}

bool TaskGang::run_one(std::unique_lock<std::mutex>& lock) {
  if (task_ == nullptr || next_ >= count_) return false;
  const std::size_t i = next_++;
  const auto* task = task_;
  lock.unlock();
  std::exception_ptr error;
  try {
    (*task)(i);
  } catch (...) {
    error = std::current_exception();
  }
  lock.lock();
  errors_[i] = error;
  if (--unfinished_ == 0) done_.notify_all();
  return true;
}

void TaskGang::work() {
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    if (!run_one(lock)) wake_.wait(lock);
  }
}

void TaskGang::run(std::size_t n, const std::function<void(std::size_t)>& task) {
  if (n == 0) return;
  std::unique_lock<std::mutex> lock(mutex_);
  while (threads_.size() + 1 < n && threads_.size() < kMostThreads) threads_.emplace_back([this] { work(); });
  task_ = &task;
  next_ = 0;
  count_ = n;
  unfinished_ = n;
  errors_.assign(n, nullptr);
  wake_.notify_all();
  while (run_one(lock)) {
  }
  done_.wait(lock, [this] { return unfinished_ == 0; });
  task_ = nullptr;
  for (const auto& e : errors_)
    if (e) std::rethrow_exception(e);
}

}  // namespace newsidx
