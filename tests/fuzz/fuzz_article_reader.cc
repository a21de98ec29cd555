// libFuzzer target: one line of the article format. Every input is either
// an article or a problem naming what is wrong, never a crash or a throw.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "indexer/article_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  const newsidx::ParsedLine parsed = newsidx::parse_article_line(line);
  if (const auto* problem = std::get_if<std::string>(&parsed))
    if (problem->empty()) __builtin_trap();  // a rejection always says why
  return 0;
}
