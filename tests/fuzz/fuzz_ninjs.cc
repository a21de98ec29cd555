// libFuzzer target: a ninjs document, split into items, each mapped (its
// HTML parts reduced to text). Every item is an article or a problem
// naming what is wrong, never a crash or a throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/html_text.h"
#include "indexer/ninjs.h"
#include "newsidx/indexer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  for (const newsidx::JsonItem& item : newsidx::split_json_items(text)) {
    if (item.text.empty() || item.text.data() < text.data() || item.text.data() + item.text.size() > text.data() + size)
      __builtin_trap();  // items are non-empty views into the document
    const newsidx::NinjsArticle mapped = newsidx::parse_ninjs_item(item.text);
    if (const auto* problem = std::get_if<std::string>(&mapped.parsed))
      if (problem->empty()) __builtin_trap();  // a rejection always says why
  }
  newsidx::html_to_text(text);
  return 0;
}
