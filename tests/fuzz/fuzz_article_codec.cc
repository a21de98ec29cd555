// libFuzzer target: a stored article value and the summary beside it (the
// first byte says how many of the next bytes are the summary). Unpacking
// returns or throws DamagedData, never crashes; anything packed unpacks to
// itself.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "index/article_codec.h"
#include "index/stored_article.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::string_view rest(reinterpret_cast<const char*>(data) + 1, size - 1);
  const std::string_view summary = rest.substr(0, std::min<std::size_t>(data[0], rest.size()));
  const std::string_view stored = rest.substr(summary.size());
  try {
    newsidx::unpack_article(stored, summary);
  } catch (const newsidx::DamagedData&) {
  }
  if (newsidx::unpack_article(newsidx::pack_article(stored, summary), summary) != stored) __builtin_trap();
  return 0;
}
