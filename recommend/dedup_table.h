// The last counted view per visitor and article, for the 30-minute rule: an
// open-addressing table, so that a new pair (most views) allocates nothing
// (a hash-map node per pair was a tenth of counting).
#pragma once

#include <cstdint>
#include <vector>

namespace newsidx {

class DedupTable {
 public:
  DedupTable() { slots_.resize(1024); }

  // The last counted time of (visitor, article), inserted as `time` when the
  // pair is new (then `fresh` is true). The pointer is valid until the next call.
  struct Found {
    std::int64_t* last;
    bool fresh;
  };
  Found find_or_insert(std::uint64_t visitor, std::uint32_t article, std::int64_t time) {
    if ((size_ + 1) * 4 > slots_.size() * 3) rehash(slots_.size() * 2);
    Slot* s = probe(visitor, article);
    if (s->used) return {&s->last, false};
    *s = Slot{visitor, article, true, time};
    ++size_;
    return {&s->last, true};
  }

  // Drops the pairs last counted before `cutoff`.
  void drop_older_than(std::int64_t cutoff) {
    std::vector<Slot> old;
    old.swap(slots_);
    std::size_t capacity = 1024;
    std::size_t live = 0;
    for (const Slot& s : old) live += s.used && s.last >= cutoff;
    while (live * 2 > capacity) capacity *= 2;
    slots_.assign(capacity, Slot{});
    size_ = 0;
    for (const Slot& s : old)
      if (s.used && s.last >= cutoff) {
        *probe(s.visitor, s.article) = s;
        ++size_;
      }
  }

  std::size_t size() const { return size_; }

  template <class F>
  void for_each(F&& f) const {  // f(visitor, article, last)
    for (const Slot& s : slots_)
      if (s.used) f(s.visitor, s.article, s.last);
  }

 private:
  struct Slot {
    std::uint64_t visitor = 0;
    std::uint32_t article = 0;
    bool used = false;
    std::int64_t last = 0;
  };

  // The pair's slot, or the empty one where it would go (linear probing).
  Slot* probe(std::uint64_t visitor, std::uint32_t article) {
    const std::size_t mask = slots_.size() - 1;
    const std::uint64_t mixed = (visitor ^ article) * 0x9E3779B97F4A7C15ull;
    std::size_t i = (mixed ^ (mixed >> 32)) & mask;
    for (;; i = (i + 1) & mask) {
      Slot& s = slots_[i];
      if (!s.used || (s.visitor == visitor && s.article == article)) return &s;
    }
  }

  void rehash(std::size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    for (const Slot& s : old)
      if (s.used) *probe(s.visitor, s.article) = s;
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace newsidx
