// Finds a string's place in a vector of strings (article ids, url paths):
// open addressing over 32-bit places, the strings themselves compared only
// where a probe lands. Building it allocates one array, where a
// std::unordered_map allocates a node per string, and a lookup touches one
// slot and one string. The vector must outlive it, unchanged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/hash.h"

namespace newsidx {

class StringIndex {
 public:
  StringIndex() = default;
  // A string that appears twice is found at its first place.
  explicit StringIndex(const std::vector<std::string>& strings) : strings_(&strings) {
    std::size_t capacity = 16;
    while (capacity < strings.size() * 2) capacity *= 2;
    slots_.assign(capacity, kEmpty);
    for (std::uint32_t i = 0; i < strings.size(); ++i) {
      std::uint32_t& slot = slots_[slot_of(strings[i])];
      if (slot == kEmpty) slot = i;
    }
  }

  std::optional<std::uint32_t> find(std::string_view s) const {
    if (slots_.empty()) return std::nullopt;
    const std::uint32_t place = slots_[slot_of(s)];
    if (place == kEmpty) return std::nullopt;
    return place;
  }

 private:
  static constexpr std::uint32_t kEmpty = 0xFFFFFFFFu;

  // The slot holding s's place, or the empty one where it would go.
  std::size_t slot_of(std::string_view s) const {
    const std::size_t mask = slots_.size() - 1;
    for (std::size_t i = hash64(s) & mask;; i = (i + 1) & mask)
      if (slots_[i] == kEmpty || (*strings_)[slots_[i]] == s) return i;
  }

  const std::vector<std::string>* strings_ = nullptr;
  std::vector<std::uint32_t> slots_;
};

}  // namespace newsidx
