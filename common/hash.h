// Hashes that stay the same across runs and builds (some are stored: the
// text fingerprints in the index, visitor hashes in state.sqlite), unlike
// std::hash, which the standard lets change.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>

namespace newsidx {

// A 64-bit key spread over a table's low bits.
inline std::uint64_t mix64(std::uint64_t key) {
  const std::uint64_t mixed = (key ^ (key >> 29)) * 0x9E3779B97F4A7C15ull;
  return mixed ^ (mixed >> 32);
}

// FlatTable's Hash for 64-bit keys.
struct Mix64Hash {
  std::size_t operator()(std::uint64_t key) const { return mix64(key); }
};

// A fast hash of a string: 8 bytes at a time, mixed.
inline std::uint64_t hash64(std::string_view s) {
  std::uint64_t h = 0x9E3779B97F4A7C15ull ^ s.size();
  std::size_t i = 0;
  for (; i + 8 <= s.size(); i += 8) {
    std::uint64_t w;
    std::memcpy(&w, s.data() + i, 8);
    h = (h ^ w) * 0xFF51AFD7ED558CCDull;
    h ^= h >> 32;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, s.data() + i, s.size() - i);
  h = (h ^ tail) * 0xC4CEB9FE1A85EC53ull;
  return h ^ (h >> 29);
}

// FNV-1a over a sequence of words: start from kFnv1aOffset and mix in each.
inline constexpr std::uint64_t kFnv1aOffset = 14695981039346656037ull;
inline void fnv1a_mix(std::uint64_t& h, std::string_view word) {
  constexpr std::uint64_t kPrime = 1099511628211ull;
  for (unsigned char c : word) h = (h ^ c) * kPrime;
  h = (h ^ 0xFF) * kPrime;  // a separator, so "ab c" differs from "a bc"
}

}  // namespace newsidx
