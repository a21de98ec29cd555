// What custom query pieces send to a remote shard: name() + serialise(),
// read back by unserialise() in the shard server (shardd/). Strings are
// length-prefixed, numbers in Xapian's portable sortable form.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <xapian.h>

namespace newsidx::wire {

inline void put(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}
inline void put_number(std::string& out, double x) { put(out, Xapian::sortable_serialise(x)); }
// A list of strings: its size, then each.
inline void put_list(std::string& out, const std::vector<std::string>& list) {
  put_number(out, static_cast<double>(list.size()));
  for (const auto& s : list) put(out, s);
}

// Reads what put() wrote; throws Xapian::SerialisationError on damaged input.
class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  std::string text() {
    const std::size_t colon = in_.find(':');
    if (colon == std::string_view::npos || colon == 0 || colon > 9) fail();
    std::size_t n = 0;
    for (char c : in_.substr(0, colon)) {
      if (c < '0' || c > '9') fail();
      n = n * 10 + static_cast<std::size_t>(c - '0');
    }
    if (in_.size() - colon - 1 < n) fail();
    std::string s(in_.substr(colon + 1, n));
    in_.remove_prefix(colon + 1 + n);
    return s;
  }
  double number() { return Xapian::sortable_unserialise(text()); }
  // A whole number of at most `most`.
  std::size_t whole(double most) {
    const double n = number();
    if (!(n >= 0 && n <= most && n == static_cast<double>(static_cast<std::size_t>(n)))) fail();
    return static_cast<std::size_t>(n);
  }
  // How many items follow, at most `most`.
  std::size_t count(std::size_t most) {
    const double n = number();
    // Every item takes at least two bytes ("0:"): a count beyond what is left is damage.
    if (!(n >= 0 && n <= static_cast<double>(most) && n <= static_cast<double>(in_.size()))) fail();
    return static_cast<std::size_t>(n);
  }
  // What put_list() wrote.
  std::vector<std::string> list() {
    std::vector<std::string> out(count(SIZE_MAX));
    for (auto& s : out) s = text();
    return out;
  }
  bool done() const { return in_.empty(); }
  void expect_done() const {
    if (!done()) fail();
  }

 private:
  [[noreturn]] static void fail() { throw Xapian::SerialisationError("newsidx: damaged serialised query piece"); }
  std::string_view in_;
};

}  // namespace newsidx::wire
