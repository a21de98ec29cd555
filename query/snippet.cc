#include "query/snippet.h"

#include "analysis/script.h"

#include <algorithm>
#include <string_view>
#include <unordered_map>

#include <unicode/uscript.h>
#include <unicode/utf8.h>

namespace newsidx {
namespace {

struct Hit {
  std::size_t begin, end;                    // bytes in the text
  int word;                                  // which query word it matches, -1 for none
  std::size_t char_begin = 0, char_end = 0;  // the same in characters
};

struct Window {
  std::size_t first = 0, last = 0;  // tokens
  int distinct = 0, hits = 0;
};

// Where an analysis block that starts at `from` and wants `size` bytes ends:
// at a space, line break or Chinese full stop or comma, so that no word is
// cut, else at a character boundary.
std::size_t block_end(std::string_view text, std::size_t from, std::size_t size) {
  const std::size_t want = from + size;
  if (want >= text.size()) return text.size();
  const std::size_t limit = std::min(text.size(), want + 256);
  for (std::size_t i = want; i < limit; ++i) {
    if (text[i] == ' ' || text[i] == '\n') return i;
    if (text.compare(i, 3, "\u3002") == 0 || text.compare(i, 3, "\uff0c") == 0) return i + 3;
  }
  std::size_t i = limit;
  while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80) ++i;
  return i;
}

// Splits text into runs of Han characters and runs of everything else:
// f(begin, end, han).
template <class F>
void for_each_script_run(std::string_view text, F&& f) {
  std::size_t run = 0;
  bool run_han = false;
  for (std::size_t i = 0; i < text.size();) {
    const std::size_t at = i;
    UChar32 c;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, text.size(), c);
    const bool han = c >= 0x2E80 && script_of_char(c) == Script::Han;
    if (han != run_han && at > run) {
      f(run, at, run_han);
      run = at;
    }
    run_han = han;
  }
  if (run < text.size()) f(run, text.size(), run_han);
}

// The window of tokens within kSnippetChars with the most distinct matched
// words, then the most matches; the first such.
Window best_window(const std::vector<Hit>& tokens) {
  Window best;
  std::unordered_map<int, int> in_window;
  int hits = 0;
  std::size_t first = 0;
  for (std::size_t last = 0; last < tokens.size(); ++last) {
    if (tokens[last].word >= 0) {
      ++hits;
      ++in_window[tokens[last].word];
    }
    while (tokens[last].char_end - tokens[first].char_begin > kSnippetChars && first < last) {
      if (tokens[first].word >= 0) {
        --hits;
        if (--in_window[tokens[first].word] == 0) in_window.erase(tokens[first].word);
      }
      ++first;
    }
    const int distinct = static_cast<int>(in_window.size());
    if (distinct > best.distinct || (distinct == best.distinct && hits > best.hits))
      best = {first, last, distinct, hits};
  }
  return best;
}

// Each reading of each query word -> the word's index; the Chinese ones
// longest first, to be found in Han text as they are.
struct QueryTerms {
  std::unordered_map<std::string_view, int> exact, loose;
  std::vector<std::pair<std::string_view, int>> han;

  explicit QueryTerms(const std::vector<QueryWord>& words) {
    for (std::size_t i = 0; i < words.size(); ++i) {
      for (const auto& t : words[i].terms) exact.emplace(t, static_cast<int>(i));
      for (const auto& t : words[i].bigrams) exact.emplace(t, static_cast<int>(i));
      for (const auto& t : words[i].loose) loose.emplace(t, static_cast<int>(i));
    }
    for (const auto& [term, word] : exact)
      if (!term.empty() && script_of(term) == Script::Han) han.emplace_back(term, word);
    std::sort(han.begin(), han.end(), [](const auto& a, const auto& b) { return a.first.size() > b.first.size(); });
  }
};

// The tokens of a text, analysed in growing blocks, and no further once a
// window holds every query word with words enough after it to fill a
// snippet: analysis is most of a search's time, and the best window is
// usually near the start of an article.
class Tokenizer {
 public:
  Tokenizer(Analyzer& analyzer, const std::string& text, const std::string& lang, const QueryTerms& terms)
      : analyzer_(analyzer), text_(text), lang_(lang), terms_(terms) {}

  // Reads blocks until the best window is settled; returns it.
  Window read(std::size_t query_words) {
    Window best;
    for (std::size_t block = 512; analyzed_ < text_.size(); block *= 2) {
      const std::size_t from = analyzed_, before = tokens.size();
      analyzed_ = block_end(text_, from, block);
      for_each_script_run(text_.substr(from, analyzed_ - from), [&](std::size_t b, std::size_t e, bool han) {
        if (han) add_han(from + b, from + e);
        else add_words(from + b, from + e);
      });
      count_chars(before);
      best = best_window(tokens);
      const bool complete = best.distinct == static_cast<int>(query_words);
      if (complete && tokens.back().char_end - tokens[best.first].char_begin > kSnippetChars) break;
    }
    return best;
  }

  bool read_all() const { return analyzed_ == text_.size(); }

  std::vector<Hit> tokens;

 private:
  // Chinese needs no word breaking to be highlighted: the query's Chinese
  // words and bigrams are found as they are, and the other characters are
  // tokens of one character each.
  void add_han(std::size_t begin, std::size_t end) {
    for (std::size_t i = begin; i < end;) {
      int word = -1;
      std::size_t len = 0;
      for (const auto& [term, w] : terms_.han)
        if (term.size() <= end - i && text_.compare(i, term.size(), term) == 0) {
          word = w;
          len = term.size();
          break;
        }
      if (word < 0) {  // one character
        std::size_t next = i;
        U8_FWD_1(reinterpret_cast<const uint8_t*>(text_.data()), next, end);
        len = next - i;
      }
      tokens.push_back(Hit{i, i + len, word});
      i += len;
    }
  }

  void add_words(std::size_t begin, std::size_t end) {
    analyzer_.for_each_token(text_.substr(begin, end - begin), lang_, [&](const TokenView& t) {
      int word = -1;
      if (auto it = terms_.exact.find(t.term); it != terms_.exact.end()) word = it->second;
      else if (!t.skeleton.empty())
        if (auto l = terms_.loose.find(t.skeleton); l != terms_.loose.end()) word = l->second;
      if (t.is_subword && word < 0) return;
      tokens.push_back(Hit{begin + t.begin, begin + t.end, word});
    });
  }

  // Character offsets of the tokens from `first` on, for windows measured
  // in characters whatever the script.
  void count_chars(std::size_t first) {
    for (std::size_t i = first; i < tokens.size(); ++i) {
      Hit& h = tokens[i];
      if (h.begin >= counted_to_) {
        chars_ += code_points(text_.substr(counted_to_, h.begin - counted_to_));
        counted_to_ = h.begin;
      }
      h.char_begin = chars_ - code_points(text_.substr(h.begin, counted_to_ - h.begin));  // a subword starts earlier
      h.char_end = h.char_begin + code_points(text_.substr(h.begin, h.end - h.begin));
    }
  }

  Analyzer& analyzer_;
  const std::string_view text_;
  const std::string& lang_;
  const QueryTerms& terms_;
  std::size_t analyzed_ = 0, chars_ = 0, counted_to_ = 0;  // characters up to byte counted_to_
};

// The bytes [begin, end) of the text the snippet shows: from the best
// window's first match, grown to the full width, forwards, then back for
// context (some words before the first match are kept for context).
std::pair<std::size_t, std::size_t> snippet_range(const std::vector<Hit>& tokens, Window best, bool whole_text,
                                                  std::size_t text_size) {
  if (tokens.empty()) return {0, text_size};
  auto width = [&](std::size_t first, std::size_t last) { return tokens[last].char_end - tokens[first].char_begin; };
  std::size_t first = best.first, last = best.last;
  if (best.distinct == 0) first = last = 0;  // no match: the beginning of the text
  while (first < last && tokens[first].word < 0) ++first;
  constexpr std::size_t kLeadIn = 50;
  while (last + 1 < tokens.size() && width(first, last + 1) + kLeadIn <= kSnippetChars) ++last;
  while (first > 0 && width(first - 1, last) <= kSnippetChars) --first;
  while (last + 1 < tokens.size() && width(first, last + 1) <= kSnippetChars) ++last;
  return {first == 0 ? 0 : tokens[first].begin, last + 1 == tokens.size() && whole_text ? text_size : tokens[last].end};
}

// The text's [begin, end) as plain and highlighted spans, "…" at a cut.
std::vector<SnippetSpan> spans_of(const std::string& text, const std::vector<Hit>& tokens, std::size_t begin,
                                  std::size_t end) {
  std::vector<SnippetSpan> spans;
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

}  // namespace

std::vector<SnippetSpan> make_snippet(Analyzer& analyzer, const std::string& text, const std::string& lang,
                                      const std::vector<QueryWord>& query_words) {
  if (text.empty()) return {};
  const QueryTerms terms(query_words);
  Tokenizer tokenizer(analyzer, text, lang, terms);
  const Window best = tokenizer.read(query_words.size());
  const auto [begin, end] = snippet_range(tokenizer.tokens, best, tokenizer.read_all(), text.size());
  return spans_of(text, tokenizer.tokens, begin, end);
}

}  // namespace newsidx
