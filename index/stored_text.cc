#include "index/stored_text.h"

#include <cstdint>

#include "common/json_scan.h"

namespace newsidx {
namespace {

class Scanner {
 public:
  explicit Scanner(std::string_view text) : s_(text) {}

  void skip_space() {
    while (at_ < s_.size() && (s_[at_] == ' ' || s_[at_] == '\t' || s_[at_] == '\n' || s_[at_] == '\r')) ++at_;
  }
  bool take(char c) {
    skip_space();
    if (at_ < s_.size() && s_[at_] == c) return ++at_, true;
    return false;
  }
  char peek() {
    skip_space();
    return at_ < s_.size() ? s_[at_] : '\0';
  }

  // A string at the cursor, decoded into `out`; false when cut short or malformed.
  bool string(std::string& out) {
    if (!take('"')) return false;
    for (;;) {
      const std::size_t stop = s_.find_first_of("\"\\", at_);
      if (stop == std::string_view::npos) return false;
      out.append(s_.substr(at_, stop - at_));
      at_ = stop + 1;
      if (s_[stop] == '"') return true;
      if (at_ >= s_.size() || !escape(s_[at_++], out)) return false;
    }
  }

  // Any value at the cursor, unread; false when there is none (a cut or
  // unclosed one shows at the next take()).
  bool skip_value() {
    const char c = peek();
    if (c == '\0' || c == ',' || c == '}' || c == ']') return false;
    at_ = json_value_end(s_, at_);
    return true;
  }

 private:
  bool hex4(std::uint32_t& v) {
    if (at_ + 4 > s_.size()) return false;
    v = 0;
    for (int i = 0; i < 4; ++i) {
      const char h = s_[at_++];
      v <<= 4;
      if (h >= '0' && h <= '9') v |= static_cast<std::uint32_t>(h - '0');
      else if (h >= 'a' && h <= 'f') v |= static_cast<std::uint32_t>(h - 'a' + 10);
      else if (h >= 'A' && h <= 'F') v |= static_cast<std::uint32_t>(h - 'A' + 10);
      else return false;
    }
    return true;
  }

  static void utf8(std::uint32_t c, std::string& out) {
    if (c < 0x80) {
      out += static_cast<char>(c);
    } else if (c < 0x800) {
      out += static_cast<char>(0xC0 | (c >> 6));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else if (c < 0x10000) {
      out += static_cast<char>(0xE0 | (c >> 12));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (c >> 18));
      out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (c & 0x3F));
    }
  }

  bool escape(char e, std::string& out) {
    switch (e) {
      case '"': out += '"'; return true;
      case '\\': out += '\\'; return true;
      case '/': out += '/'; return true;
      case 'b': out += '\b'; return true;
      case 'f': out += '\f'; return true;
      case 'n': out += '\n'; return true;
      case 'r': out += '\r'; return true;
      case 't': out += '\t'; return true;
      case 'u': {
        std::uint32_t c = 0;
        if (!hex4(c)) return false;
        if (c >= 0xD800 && c < 0xDC00 && at_ + 1 < s_.size() && s_[at_] == '\\' && s_[at_ + 1] == 'u') {
          at_ += 2;
          std::uint32_t low = 0;
          if (!hex4(low) || low < 0xDC00 || low > 0xDFFF) return false;
          c = 0x10000 + ((c - 0xD800) << 10) + (low - 0xDC00);
        }
        utf8(c, out);
        return true;
      }
      default: return false;
    }
  }

  std::string_view s_;
  std::size_t at_ = 0;
};

}  // namespace

std::optional<StoredText> stored_text(std::string_view json) {
  Scanner scan(json);
  StoredText out;
  if (!scan.take('{')) return std::nullopt;
  if (scan.take('}')) return out;
  do {
    std::string key;
    if (!scan.string(key) || !scan.take(':')) return std::nullopt;
    std::string* into = key == "lang"    ? &out.lang
                        : key == "title" ? &out.title
                        : key == "lead"  ? &out.lead
                        : key == "body"  ? &out.body
                                         : nullptr;
    if (into && scan.peek() == '"') {
      into->clear();  // a repeated member: the last counts, as for the JSON parser
      if (!scan.string(*into)) return std::nullopt;
    } else if (!scan.skip_value()) {
      return std::nullopt;
    }
  } while (scan.take(','));
  if (!scan.take('}')) return std::nullopt;
  return out;
}

}  // namespace newsidx
