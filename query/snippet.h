// Snippets: the part of an article's text around the best matches of a
// query, with the matched words marked.
#pragma once

#include <string>
#include <vector>

#include "newsidx/analyzer.h"
#include "newsidx/searcher.h"

namespace newsidx {

// Longest snippet, in characters (whole words; "…" marks a cut).
inline constexpr std::size_t kSnippetChars = 200;

// Picks the window of `text` (written in `lang`) holding the most distinct
// query words, and splits it into plain and highlighted spans. A word is
// highlighted when its term is one of the query's readings (so a Cyrillic
// query marks the Latin word it matched), its skeleton one of the loose
// readings, or, in Chinese, when it is a matched bigram. Without any match
// the snippet is the text's beginning.
std::vector<SnippetSpan> make_snippet(Analyzer& analyzer, const std::string& text, const std::string& lang,
                                      const std::vector<QueryWord>& query_words);

}  // namespace newsidx
