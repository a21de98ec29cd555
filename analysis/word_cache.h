// A cache of word -> analysis result. News text follows Zipf's law, so a
// small direct-mapped array of recent words (key bytes inline, one cache
// line) answers most lookups; the rest go to a hash map.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsidx {

template <class V>
class WordCache {
 public:
  explicit WordCache(std::size_t max_words) : max_words_(max_words), front_(kFrontSlots) {}

  // The cached value for key, computing it with make() on a miss. The
  // reference stays valid until the next call.
  template <class Make>
  const V& get(std::string_view key, Make&& make) {
    const std::size_t hash = std::hash<std::string_view>{}(key);
    Slot& slot = front_[hash & (kFrontSlots - 1)];
    if (slot.value && slot.hash == hash && slot.len == key.size() && std::memcmp(slot.key, key.data(), key.size()) == 0)
      return *slot.value;
    auto it = map_.find(std::string(key));
    if (it == map_.end()) {
      if (map_.size() >= max_words_) clear();
      it = map_.emplace(std::string(key), make()).first;
    }
    if (key.size() <= sizeof slot.key) {
      slot.hash = hash;
      slot.len = static_cast<std::uint8_t>(key.size());
      std::memcpy(slot.key, key.data(), key.size());
      slot.value = &it->second;  // map nodes do not move
    }
    return it->second;
  }

 private:
  static constexpr std::size_t kFrontSlots = 1 << 16;
  struct Slot {
    std::size_t hash = 0;
    const V* value = nullptr;
    std::uint8_t len = 0;
    char key[39];
  };

  void clear() {
    map_.clear();
    for (Slot& s : front_) s.value = nullptr;
  }

  std::size_t max_words_;
  std::vector<Slot> front_;
  std::unordered_map<std::string, V> map_;
};

}  // namespace newsidx
