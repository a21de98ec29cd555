// A direct-mapped cache of recently seen strings (User-Agents, paths): a
// slot is picked by a cheap sample of the bytes and the string is checked by
// comparing it whole, which is cheaper than hashing it in full. Log lines
// repeat both, so most lookups hit.
#pragma once

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

namespace newsidx {

template <class V>
class RecentCache {
 public:
  explicit RecentCache(std::size_t slots = 4096) : slots_(slots) {}  // a power of two

  // The value cached for key, computing it with make(key) on a miss.
  template <class Make>
  const V& get(std::string_view key, Make&& make) {
    std::uint64_t head = 0, tail = 0;
    std::memcpy(&head, key.data(), key.size() < 8 ? key.size() : 8);
    if (key.size() >= 8) std::memcpy(&tail, key.data() + key.size() - 8, 8);
    const std::uint64_t mixed = (head ^ (tail * 0x9E3779B97F4A7C15ull) ^ key.size()) * 0xFF51AFD7ED558CCDull;
    Slot& slot = slots_[(mixed >> 40) & (slots_.size() - 1)];
    if (!slot.filled || slot.key != key) {
      slot.key.assign(key);
      slot.value = make(key);
      slot.filled = true;
    }
    return slot.value;
  }

 private:
  struct Slot {
    std::string key;
    V value{};
    bool filled = false;
  };
  std::vector<Slot> slots_;
};

}  // namespace newsidx
