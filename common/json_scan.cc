#include "common/json_scan.h"

namespace newsidx {

std::size_t json_value_end(std::string_view text, std::size_t at) {
  if (at >= text.size()) return at;
  const char first = text[at];
  if (first != '{' && first != '[' && first != '"') {
    std::size_t end = at;
    while (end < text.size() && text[end] != ' ' && text[end] != '\t' && text[end] != '\r' && text[end] != '\n' &&
           text[end] != ',' && text[end] != ']' && text[end] != '}')
      ++end;
    return end == at ? at + 1 : end;
  }
  int depth = 0;
  bool in_string = false;
  for (std::size_t i = at; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
      if (!in_string && depth == 0) return i + 1;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '{' || c == '[') ++depth;
    else if ((c == '}' || c == ']') && --depth == 0) return i + 1;
  }
  return text.size();
}

}  // namespace newsidx
