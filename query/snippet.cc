#include "query/snippet.h"

#include "analysis/script.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace newsidx {
namespace {

struct Hit {
  std::size_t begin, end;
  int word;  // which query word it matches, -1 for none
};

}  // namespace

std::vector<SnippetSpan> make_snippet(Analyzer& analyzer, const std::string& text, const std::string& lang,
                                      const std::vector<QueryWord>& query_words) {
  std::vector<SnippetSpan> spans;
  if (text.empty()) return spans;
  // Each reading of each query word -> the word's index.
  std::unordered_map<std::string, int> exact, loose;
  for (std::size_t i = 0; i < query_words.size(); ++i) {
    for (const auto& t : query_words[i].terms) exact.emplace(t, static_cast<int>(i));
    for (const auto& t : query_words[i].bigrams) exact.emplace(t, static_cast<int>(i));
    for (const auto& t : query_words[i].loose) loose.emplace(t, static_cast<int>(i));
  }
  std::vector<Hit> tokens;
  analyzer.for_each_token(text, lang, [&](const TokenView& t) {
    int word = -1;
    if (auto it = exact.find(std::string(t.term)); it != exact.end()) word = it->second;
    else if (!t.skeleton.empty())
      if (auto l = loose.find(std::string(t.skeleton)); l != loose.end()) word = l->second;
    if (t.is_subword) {
      if (word >= 0) tokens.push_back(Hit{t.begin, t.end, word});
      return;
    }
    tokens.push_back(Hit{t.begin, t.end, word});
  });

  // Character offsets, for windows measured in characters whatever the script.
  std::vector<std::size_t> char_begin(tokens.size()), char_end(tokens.size());
  std::size_t chars = 0, at_byte = 0;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i].begin >= at_byte) {
      chars += code_points(std::string_view(text).substr(at_byte, tokens[i].begin - at_byte));
      at_byte = tokens[i].begin;
    }
    char_begin[i] = chars - code_points(std::string_view(text).substr(tokens[i].begin, at_byte - tokens[i].begin));
    char_end[i] = char_begin[i] + code_points(std::string_view(text).substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
  }
  auto width = [&](std::size_t first, std::size_t last) { return char_end[last] - char_begin[first]; };

  // The window [first, last] of tokens within kSnippetChars with the most
  // distinct matched words, then the most matches.
  std::size_t best_first = 0, best_last = 0;
  int best_distinct = 0, best_hits = 0;
  std::unordered_map<int, int> in_window;
  int hits = 0;
  std::size_t first = 0;
  for (std::size_t last = 0; last < tokens.size(); ++last) {
    if (tokens[last].word >= 0) {
      ++hits;
      ++in_window[tokens[last].word];
    }
    while (width(first, last) > kSnippetChars && first < last) {
      if (tokens[first].word >= 0) {
        --hits;
        if (--in_window[tokens[first].word] == 0) in_window.erase(tokens[first].word);
      }
      ++first;
    }
    const int distinct = static_cast<int>(in_window.size());
    if (distinct > best_distinct || (distinct == best_distinct && hits > best_hits)) {
      best_distinct = distinct;
      best_hits = hits;
      best_first = first;
      best_last = last;
    }
  }
  std::size_t begin = 0, end = text.size();
  if (!tokens.empty()) {
    if (best_distinct == 0) best_first = best_last = 0;  // no match: the beginning of the text
    // Grow the window to the full width: forwards, then back for context.
    while (best_last + 1 < tokens.size() && width(best_first, best_last + 1) <= kSnippetChars) ++best_last;
    while (best_first > 0 && width(best_first - 1, best_last) <= kSnippetChars) --best_first;
    begin = best_first == 0 ? 0 : tokens[best_first].begin;
    end = best_last + 1 == tokens.size() ? text.size() : tokens[best_last].end;
  }

  auto add = [&](std::size_t from, std::size_t to, bool highlight) {
    if (from >= to) return;
    std::string piece = text.substr(from, to - from);
    for (char& c : piece)
      if (c == '\n' || c == '\r' || c == '\t') c = ' ';
    if (!spans.empty() && spans.back().highlight == highlight) spans.back().text += piece;
    else spans.push_back(SnippetSpan{std::move(piece), highlight});
  };
  if (begin > 0) spans.push_back(SnippetSpan{"…", false});
  std::size_t at = begin;
  for (const Hit& h : tokens) {
    if (h.word < 0 || h.end > end || h.end <= at) continue;
    if (h.begin > at) add(at, h.begin, false);
    add(std::max(h.begin, at), h.end, true);  // overlapping Chinese bigrams merge
    at = h.end;
  }
  add(at, end, false);
  if (end < text.size()) {
    if (!spans.empty() && !spans.back().highlight) spans.back().text += "…";
    else spans.push_back(SnippetSpan{"…", false});
  }
  return spans;
}

}  // namespace newsidx
