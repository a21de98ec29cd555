// An open-addressing hash table (linear probing) for the per-line work of
// counting views and the per-result work of collapsing: an insert allocates
// nothing (std::unordered_map allocates a node per entry) and entries sit
// next to each other in memory.
#pragma once

#include <cstdint>
#include <vector>

#include "common/hash.h"

namespace newsidx {

template <class Key, class Value, class Hash>
class FlatTable {
 public:
  FlatTable() : slots_(kMinSlots) {}

  // The value of `key`, inserted as `value` when the key is new (then
  // `fresh`). The pointer is valid until the next insert.
  struct Found {
    Value* value;
    bool fresh;
  };
  Found find_or_insert(const Key& key, const Value& value) {
    if ((size_ + 1) * 4 > slots_.size() * 3) rehash(slots_.size() * 2);
    Slot& s = probe(key);
    if (s.used) return {&s.value, false};
    s = Slot{key, value, true};
    ++size_;
    return {&s.value, true};
  }

  // Asks the CPU to load the slot where the key's probe starts: a caller that
  // knows its next keys hides the cache misses of a table larger than the
  // cache. Changes nothing; an insert before the lookup only wastes it.
  void prefetch(const Key& key) const { __builtin_prefetch(&slots_[Hash{}(key) & (slots_.size() - 1)]); }

  // Keeps the entries for which keep(key, value) holds, in a table sized for them.
  template <class Keep>
  void retain_if(Keep&& keep) {
    std::size_t live = 0;
    for (Slot& s : slots_) {
      if (s.used) s.used = keep(s.key, s.value);
      live += s.used;
    }
    std::size_t capacity = kMinSlots;
    while (live * 2 > capacity) capacity *= 2;
    rehash(capacity);
  }

  void clear() {
    slots_.assign(kMinSlots, Slot{});
    size_ = 0;
  }

  std::size_t size() const { return size_; }

  template <class F>
  void for_each(F&& f) const {  // f(key, value)
    for (const Slot& s : slots_)
      if (s.used) f(s.key, s.value);
  }

 private:
  static constexpr std::size_t kMinSlots = 1024;
  struct Slot {
    Key key{};
    Value value{};
    bool used = false;
  };

  // The key's slot, or the empty one where it would go.
  Slot& probe(const Key& key) {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = Hash{}(key)&mask;; i = (i + 1) & mask)
      if (!slots_[i].used || slots_[i].key == key) return slots_[i];
  }

  void rehash(std::size_t capacity) {
    std::vector<Slot> old(capacity);
    old.swap(slots_);
    size_ = 0;
    for (const Slot& s : old)
      if (s.used) {
        probe(s.key) = s;
        ++size_;
      }
  }

  std::vector<Slot> slots_;
  std::size_t size_ = 0;
};

}  // namespace newsidx
