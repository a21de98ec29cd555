// Views per (article, hour) between commits: an open-addressing table of
// 64-bit keys, incremented once per counted view (a std::unordered_map was
// a twentieth of counting).
#pragma once

#include <cstdint>
#include <vector>

namespace newsidx {

class FlatCounter {
 public:
  FlatCounter() { slots_.resize(1024); }

  void add(std::uint64_t key, std::uint32_t n = 1) {
    if ((size_ + 1) * 2 > slots_.size()) rehash(slots_.size() * 2);
    Slot& s = find(key);
    if (!s.used) {
      s = Slot{key, 0, true};
      ++size_;
    }
    s.count += n;
  }

  template <class F>
  void for_each(F&& f) const {  // f(key, count)
    for (const Slot& s : slots_)
      if (s.used) f(s.key, s.count);
  }

  void clear() {
    slots_.assign(1024, Slot{});
    size_ = 0;
  }

 private:
  struct Slot {
    std::uint64_t key = 0;
    std::uint32_t count = 0;
    bool used = false;
  };

  Slot& find(std::uint64_t key) {
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t mixed = (key ^ (key >> 29)) * 0x9E3779B97F4A7C15ull;
    for (std::size_t i = (mixed ^ (mixed >> 32)) & mask;; i = (i + 1) & mask)
      if (!slots_[i].used || slots_[i].key == key) return slots_[i];
  }

  void rehash(std::size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.used) find(s.key) = s;
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace newsidx
