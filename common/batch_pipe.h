// Two stages of a loop on two threads: `produce` fills batches on a thread
// of its own while the caller's thread hands each to `consume`, in order.
// At most `depth` batches are in flight, so memory stays bounded however far
// the producer runs ahead.
//
// produce(batch) fills an emptied batch and returns false after the last one
// (that batch is still consumed). An exception from either stage ends both
// and is rethrown to the caller once the producer's thread has ended.
#pragma once

#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <mutex>
#include <thread>
#include <utility>

namespace newsidx {

template <class Batch, class Produce, class Consume>
void run_pipelined(Produce&& produce, Consume&& consume, std::size_t depth = 4) {
  std::mutex mutex;
  std::condition_variable changed;
  std::deque<Batch> full, empty(depth);
  bool produced_all = false, stop = false;
  std::exception_ptr failure;

  std::thread producer([&] {
    try {
      for (bool more = true; more;) {
        Batch batch;
        {
          std::unique_lock<std::mutex> lock(mutex);
          changed.wait(lock, [&] { return stop || !empty.empty(); });
          if (stop) return;
          batch = std::move(empty.front());
          empty.pop_front();
        }
        more = produce(batch);
        std::lock_guard<std::mutex> lock(mutex);
        full.push_back(std::move(batch));
        changed.notify_all();
      }
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      failure = std::current_exception();
    }
    std::lock_guard<std::mutex> lock(mutex);
    produced_all = true;
    changed.notify_all();
  });

  std::exception_ptr consumer_failure;
  try {
    for (;;) {
      Batch batch;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return !full.empty() || produced_all; });
        if (full.empty()) break;  // the producer ended, with every batch consumed
        batch = std::move(full.front());
        full.pop_front();
      }
      consume(batch);
      std::lock_guard<std::mutex> lock(mutex);
      empty.push_back(std::move(batch));  // kept with its capacity, for reuse
      changed.notify_all();
    }
  } catch (...) {
    consumer_failure = std::current_exception();
    std::lock_guard<std::mutex> lock(mutex);
    stop = true;
    changed.notify_all();
  }
  producer.join();
  if (consumer_failure) std::rethrow_exception(consumer_failure);
  if (failure) std::rethrow_exception(failure);
}

}  // namespace newsidx
