// Unsigned numbers in 7-bit groups, least significant first, the high bit
// marking that more follow: the stored forms of packed articles and of the
// hourly views.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsidx {

inline void append_varint(std::string& out, std::uint64_t n) {
  for (; n >= 0x80; n >>= 7) out += static_cast<char>((n & 0x7f) | 0x80);
  out += static_cast<char>(n);
}

// Reads a number at `at`, moving past it. False when it is cut short or
// longer than 64 bits.
inline bool read_varint(std::string_view in, std::size_t& at, std::uint64_t& n) {
  n = 0;
  for (unsigned shift = 0; at < in.size() && shift < 64; shift += 7) {
    const auto byte = static_cast<unsigned char>(in[at++]);
    n |= std::uint64_t{byte & 0x7fu} << shift;
    if (byte < 0x80) return true;
  }
  return false;
}

}  // namespace newsidx
