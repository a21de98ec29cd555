// A cache of word -> analysis result. News text follows Zipf's law, so a
// small direct-mapped array of recent words (key bytes inline, one cache
// line) answers most lookups; the rest go to an open-addressing table
// probed with the same hash. Words are hashed once per lookup and a lookup
// allocates nothing: with snippets, the cache's lookups were a fifth of a
// search's time.
#pragma once

#include <cstdint>
#include <cstring>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash.h"

namespace newsidx {

template <class V>
class WordCache {
 public:
  explicit WordCache(std::size_t max_words) : max_words_(max_words), front_(kFrontSlots), places_(kMinPlaces) {}

  // The cached value for key, computing it with make() on a miss. The
  // reference stays valid until the next call.
  template <class Make>
  const V& get(std::string_view key, Make&& make) {
    const std::uint64_t hash = hash64(key);
    Slot& slot = front_[hash & (kFrontSlots - 1)];
    if (slot.value && slot.hash == hash && slot.len == key.size() && std::memcmp(slot.key, key.data(), key.size()) == 0)
      return *slot.value;
    const V& value = find_or_make(key, hash, make);
    if (key.size() <= sizeof slot.key) {
      slot.hash = hash;
      slot.len = static_cast<std::uint8_t>(key.size());
      std::memcpy(slot.key, key.data(), key.size());
      slot.value = &value;  // entries do not move until clear()
    }
    return value;
  }

 private:
  static constexpr std::size_t kFrontSlots = 1 << 16;
  static constexpr std::size_t kMinPlaces = 1 << 10;
  struct alignas(64) Slot {
    std::uint64_t hash = 0;
    const V* value = nullptr;
    std::uint8_t len = 0;
    char key[47];
  };
  struct Entry {
    std::string key;
    V value;
  };
  struct Place {
    std::uint64_t hash = 0;
    std::uint32_t entry = 0;  // its index in entries_ + 1; 0 for an empty place
  };

  template <class Make>
  const V& find_or_make(std::string_view key, std::uint64_t hash, Make& make) {
    const std::size_t mask = places_.size() - 1;
    std::size_t i = hash & mask;
    for (; places_[i].entry != 0; i = (i + 1) & mask) {
      const Entry& e = entries_[places_[i].entry - 1];
      if (places_[i].hash == hash && e.key == key) return e.value;
    }
    V value = make();  // before any change: make() may throw
    if (entries_.size() >= max_words_) clear();
    entries_.push_back(Entry{std::string(key), std::move(value)});
    if (entries_.size() * 2 > places_.size()) rehash(places_.size() * 2);
    place(hash, static_cast<std::uint32_t>(entries_.size()));
    return entries_.back().value;
  }

  void place(std::uint64_t hash, std::uint32_t entry) {
    const std::size_t mask = places_.size() - 1;
    std::size_t i = hash & mask;
    while (places_[i].entry != 0) i = (i + 1) & mask;
    places_[i] = Place{hash, entry};
  }

  void rehash(std::size_t size) {
    std::vector<Place> old(size);
    old.swap(places_);
    for (const Place& p : old)
      if (p.entry != 0) place(p.hash, p.entry);
  }

  void clear() {
    entries_.clear();
    places_.assign(kMinPlaces, Place{});
    for (Slot& s : front_) s.value = nullptr;
  }

  std::size_t max_words_;
  std::vector<Slot> front_;
  std::vector<Place> places_;
  std::deque<Entry> entries_;
};

}  // namespace newsidx
