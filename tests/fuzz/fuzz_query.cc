// libFuzzer target: query text through the parser, the analyzer and the
// builder, as a search compiles it (without an index).
#include <cstddef>
#include <cstdint>
#include <string>

#include "newsidx/analyzer.h"
#include "query/query_builder.h"
#include "query/query_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static newsidx::Analyzer analyzer;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const newsidx::ParsedQuery parsed = newsidx::parse_query(text);
  if (parsed.plain_words && parsed.problem.empty()) __builtin_trap();  // plain words always say why
  newsidx::describe(parsed.root);
  for (auto combine : {newsidx::Combine::All, newsidx::Combine::Any, newsidx::Combine::Relaxed})
    newsidx::compile_query(parsed.root, analyzer, std::nullopt, combine);
  newsidx::compile_query(parsed.root, analyzer, std::string("kk"), newsidx::Combine::All);
  return 0;
}
