#include "common/doc_bitmap.h"

#include <algorithm>
#include <cstddef>

namespace newsidx {

DocId DocBitmap::next_from(DocId did) const {
  std::size_t i = did >> 6;
  if (i >= words.size()) return 0;
  std::uint64_t word = words[i] & (~std::uint64_t{0} << (did & 63));
  while (word == 0) {
    if (++i == words.size()) return 0;
    word = words[i];
  }
  return static_cast<DocId>(i * 64 + static_cast<std::size_t>(__builtin_ctzll(word)));
}

void DocBitmap::add_all(const DocBitmap& other) {
  if (other.words.size() > words.size()) words.resize(other.words.size(), 0);
  for (std::size_t i = 0; i < other.words.size(); ++i) words[i] |= other.words[i];
  const double universe = 64.0 * static_cast<double>(words.size());
  const double both = static_cast<double>(count) * other.count / universe;
  count = static_cast<DocCount>(count + other.count - both);
  most = static_cast<DocCount>(std::min<double>(universe, static_cast<double>(most) + other.most));
  exact = false;
}

void DocBitmap::keep_common(const DocBitmap& other) {
  if (words.size() > other.words.size()) words.resize(other.words.size());
  for (std::size_t i = 0; i < words.size(); ++i) words[i] &= other.words[i];
  const double universe = 64.0 * static_cast<double>(words.size());
  most = std::min(most, other.most);
  count = std::min(most, static_cast<DocCount>(static_cast<double>(count) * other.count / universe));
  exact = false;
}

}  // namespace newsidx
