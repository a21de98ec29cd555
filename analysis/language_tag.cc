#include "analysis/language_tag.h"

#include <vector>

namespace newsidx {
namespace {

bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_alnum(char c) { return is_alpha(c) || is_digit(c); }

template <class Pred>
bool all_of(std::string_view s, Pred p) {
  for (char c : s)
    if (!p(c)) return false;
  return true;
}

bool alpha(std::string_view s, std::size_t from, std::size_t to) {
  return s.size() >= from && s.size() <= to && all_of(s, is_alpha);
}
bool alnum(std::string_view s, std::size_t from, std::size_t to) {
  return s.size() >= from && s.size() <= to && all_of(s, is_alnum);
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

std::string upper(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return out;
}

std::vector<std::string_view> subtags_of(std::string_view tag) {
  std::vector<std::string_view> parts;
  std::size_t from = 0;
  for (std::size_t dash = tag.find('-');; dash = tag.find('-', from)) {
    parts.push_back(tag.substr(from, dash == std::string_view::npos ? std::string_view::npos : dash - from));
    if (dash == std::string_view::npos) return parts;
    from = dash + 1;
  }
}

// Reads the subtags of RFC 5646's langtag production in order, each in its
// canonical case; false at the first that does not fit.
class TagReader {
 public:
  explicit TagReader(std::vector<std::string_view> parts) : parts_(std::move(parts)) {}

  bool read() {
    if (!language()) return false;
    if (more() && alpha(now(), 4, 4)) take(upper(now().substr(0, 1)) + lower(now().substr(1)));
    if (more() && (alpha(now(), 2, 2) || (now().size() == 3 && all_of(now(), is_digit)))) take(upper(now()));
    while (more() && is_variant(now())) take(lower(now()));
    while (more() && now().size() == 1 && is_alnum(now()[0]) && lower(now()) != "x")
      if (!group(2)) return false;
    if (more() && lower(now()) == "x" && !group(1)) return false;
    return !more();
  }

  const std::string& canonical() const { return out_; }

 private:
  // 2-3 letters with up to three 3-letter extlangs, or 4-8 letters.
  bool language() {
    if (!more() || !alpha(now(), 2, 8)) return false;
    const bool short_form = now().size() <= 3;
    take(lower(now()));
    for (int extlang = 0; short_form && extlang < 3 && more() && alpha(now(), 3, 3); ++extlang) take(lower(now()));
    return true;
  }

  static bool is_variant(std::string_view s) {
    return alnum(s, 5, 8) || (s.size() == 4 && is_digit(s[0]) && all_of(s, is_alnum));
  }

  // A singleton and its subtags (an extension or private use): at least
  // one, each `min_size` to 8 letters or digits.
  bool group(std::size_t min_size) {
    take(lower(now()));
    std::size_t n = 0;
    for (; more() && alnum(now(), min_size, 8) && !(min_size > 1 && now().size() == 1); ++n) take(lower(now()));
    return n > 0;
  }

  bool more() const { return next_ < parts_.size(); }
  std::string_view now() const { return parts_[next_]; }
  void take(const std::string& canonical) {
    out_ += (out_.empty() ? "" : "-") + canonical;
    ++next_;
  }

  std::vector<std::string_view> parts_;
  std::size_t next_ = 0;
  std::string out_;
};

}  // namespace

std::optional<std::string> canonical_language_tag(std::string_view tag) {
  TagReader reader(subtags_of(tag));
  if (!reader.read()) return std::nullopt;
  return reader.canonical();
}

}  // namespace newsidx
