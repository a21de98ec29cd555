#include "common/json_scan.h"
#include "newsidx/indexer.h"

namespace newsidx {
namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

std::size_t skip_space(std::string_view text, std::size_t at) {
  while (at < text.size() && is_space(text[at])) ++at;
  return at;
}

class LineCounter {
 public:
  explicit LineCounter(std::string_view text) : text_(text) {}
  // The line (from 1) of byte `offset`; offsets must not decrease.
  std::size_t line_of(std::size_t offset) {
    for (; at_ < offset && at_ < text_.size(); ++at_) line_ += text_[at_] == '\n';
    return line_;
  }

 private:
  std::string_view text_;
  std::size_t at_ = 0, line_ = 1;
};

std::vector<JsonItem> array_items(std::string_view text, std::size_t at) {
  std::vector<JsonItem> items;
  LineCounter lines(text);
  for (at = skip_space(text, at + 1); at < text.size() && text[at] != ']';) {
    const std::size_t end = json_value_end(text, at);
    items.push_back({text.substr(at, end - at), lines.line_of(at)});
    at = skip_space(text, end);
    if (at < text.size() && text[at] == ',') at = skip_space(text, at + 1);
  }
  return items;
}

std::vector<JsonItem> line_items(std::string_view text) {
  std::vector<JsonItem> items;
  std::size_t number = 1;
  for (std::size_t at = 0; at < text.size(); ++number) {
    const std::size_t end = std::min(text.find('\n', at), text.size());
    const std::string_view line = text.substr(at, end - at);
    if (line.find_first_not_of(" \t\r") != std::string_view::npos) items.push_back({line, number});
    at = end + 1;
  }
  return items;
}

}  // namespace

std::vector<JsonItem> split_json_items(std::string_view text) {
  const std::size_t first = skip_space(text, 0);
  if (first == text.size()) return {};
  if (text[first] == '[') return array_items(text, first);
  // JSON Lines when the first value ends on its own line, else values one
  // after another (one pretty-printed object, say).
  const std::size_t first_end = json_value_end(text, first);
  if (text.substr(first, first_end - first).find('\n') == std::string_view::npos) return line_items(text);
  std::vector<JsonItem> items;
  LineCounter lines(text);
  for (std::size_t at = first; at < text.size();) {
    const std::size_t end = json_value_end(text, at);
    items.push_back({text.substr(at, end - at), lines.line_of(at)});
    at = skip_space(text, end);
  }
  return items;
}

}  // namespace newsidx
