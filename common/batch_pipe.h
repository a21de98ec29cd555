// Stages of a loop on several threads: batches are read one at a time and
// in order, worked on by `workers` threads at once, and consumed in the
// order they were read on the caller's thread. At most `depth` batches are
// in flight, so memory stays bounded however far reading runs ahead.
//
// read(batch) fills an emptied batch and returns false after the last one
// (that batch is still worked on and consumed); work(batch, worker) may run
// beside other workers' calls, never beside a read of the same batch. An
// exception from any stage ends them all; the batches read before the
// failing one are consumed first, and the error is rethrown to the caller
// once every worker thread has ended.
#pragma once

#include <algorithm>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <exception>
#include <limits>
#include <map>
#include <mutex>
#include <thread>
#include <utility>
#include <vector>

namespace newsidx {

template <class Batch, class Read, class Work, class Consume>
void run_pipelined(Read&& read, Work&& work, Consume&& consume, std::size_t workers, std::size_t depth) {
  constexpr std::size_t kNone = std::numeric_limits<std::size_t>::max();
  std::mutex mutex;    // the queues and the state below
  std::mutex reading;  // one read at a time, numbered in order
  std::condition_variable changed;
  std::deque<Batch> empty(std::max(depth, workers + 1));
  std::map<std::size_t, Batch> done;  // worked on, by number
  std::size_t next_read = 0, last = kNone, failed_at = kNone;
  std::exception_ptr failure, consumer_failure;  // the first batch's to fail, the consumer's
  bool stop = false;                             // the consumer failed
  auto fail = [&](std::size_t at, std::exception_ptr e) {
    std::lock_guard<std::mutex> lock(mutex);
    if (at < failed_at) {
      failed_at = at;
      failure = std::move(e);
    }
    changed.notify_all();
  };

  auto worker = [&](std::size_t index) {
    for (;;) {
      Batch batch;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return stop || failed_at != kNone || last != kNone || !empty.empty(); });
        if (stop || failed_at != kNone || last != kNone) return;
        batch = std::move(empty.front());
        empty.pop_front();
      }
      std::size_t number = kNone;
      try {
        {
          std::lock_guard<std::mutex> in_order(reading);
          {
            std::lock_guard<std::mutex> lock(mutex);
            if (last != kNone || failed_at != kNone) return;  // another worker read the last batch
            number = next_read++;
          }
          if (!read(batch)) {
            std::lock_guard<std::mutex> lock(mutex);
            last = number;
            changed.notify_all();
          }
        }
        work(batch, index);
      } catch (...) {
        fail(number, std::current_exception());
        return;
      }
      std::lock_guard<std::mutex> lock(mutex);
      done.emplace(number, std::move(batch));
      changed.notify_all();
    }
  };
  std::vector<std::thread> threads;
  for (std::size_t i = 0; i < std::max<std::size_t>(workers, 1); ++i) threads.emplace_back(worker, i);

  try {
    for (std::size_t number = 0;; ++number) {
      Batch batch;
      {
        std::unique_lock<std::mutex> lock(mutex);
        changed.wait(lock, [&] { return done.count(number) || number >= failed_at || number > last; });
        if (!done.count(number)) break;  // the last was consumed, or this one failed
        batch = std::move(done.at(number));
        done.erase(number);
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
  for (auto& t : threads) t.join();
  if (consumer_failure) std::rethrow_exception(consumer_failure);
  if (failure) std::rethrow_exception(failure);
}

// Two stages: `produce` fills batches on a thread of its own while the
// caller's thread hands each to `consume`, in order.
template <class Batch, class Produce, class Consume>
void run_pipelined(Produce&& produce, Consume&& consume, std::size_t depth = 4) {
  run_pipelined<Batch>(
      std::forward<Produce>(produce), [](Batch&, std::size_t) {}, std::forward<Consume>(consume), 1, depth);
}

}  // namespace newsidx
