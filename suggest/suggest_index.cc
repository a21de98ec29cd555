#include "suggest/suggest_index.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "newsidx/article.h"
#include "suggest/code_points.h"

namespace newsidx::suggest {
namespace {

// A prefix range up to this many entries is ranked whole; a wider one
// from its best kTop at the epoch.
constexpr std::size_t kScan = 512, kTop = 64;

bool continues_code_point(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

}  // namespace

void append_word_key(std::string& phrase, std::string_view key) {
  if (!phrase.empty()) {
    std::size_t last = phrase.size() - 1;
    while (last > 0 && continues_code_point(phrase[last])) --last;
    if (!(is_han(std::string_view(phrase).substr(last)) && is_han(key))) phrase += ' ';
  }
  phrase += key;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::tag: return "tag";
    case Kind::headline: return "headline";
    case Kind::phrase: break;
  }
  return "phrase";
}

Index::Index(Texts texts, std::vector<Stats> stats, std::vector<std::uint32_t> sorted, std::int64_t epoch,
             Ranking ranking)
    : texts_(std::move(texts)), stats_(std::move(stats)), sorted_(std::move(sorted)), epoch_(epoch), ranking_(ranking) {
  key_start_.reserve(sorted_.size() + 1);
  for (std::uint32_t e : sorted_) {
    key_start_.push_back(static_cast<std::uint32_t>(keys_.size()));
    keys_ += texts_[e]->key;
  }
  key_start_.push_back(static_cast<std::uint32_t>(keys_.size()));
  epoch_score_.reserve(stats_.size());
  for (std::uint32_t e = 0; e < stats_.size(); ++e)
    epoch_score_.push_back(stats_[e].count ? score(e, epoch_) : -HUGE_VAL);
  build_top_lists(0, sorted_.size(), 0);
}

double Index::score(std::uint32_t entry, std::int64_t now) const {
  const Stats& s = stats_[entry];
  const double fresh = s.fresh * std::exp2(-static_cast<double>(now - epoch_) / ranking_.half_life_seconds);
  return std::log2(1.0 + s.count) + ranking_.views_weight * std::log2(1.0 + static_cast<double>(s.views)) +
         ranking_.fresh_weight * std::log2(1.0 + fresh);
}

// Every prefix of more than kScan entries gets its best kTop: the ranges
// at each depth are cut by the next byte, so a wide prefix always has one.
void Index::build_top_lists(std::size_t first, std::size_t last, std::size_t depth) {
  if (last - first <= kScan) return;
  if (depth > 0) {
    std::vector<std::uint32_t> best(last - first);
    for (std::size_t i = first; i < last; ++i) best[i - first] = sorted_[i];
    const auto better = [this](std::uint32_t a, std::uint32_t b) { return epoch_score_[a] > epoch_score_[b]; };
    std::nth_element(best.begin(), best.begin() + kTop, best.end(), better);
    best.resize(kTop);
    top_.emplace(std::string(key_at(first).substr(0, depth)), std::move(best));
  }
  std::size_t i = first;
  while (i < last && key_at(i).size() == depth) ++i;
  while (i < last) {
    const char next = key_at(i)[depth];
    std::size_t j = i;
    while (j < last && key_at(j)[depth] == next) ++j;
    build_top_lists(i, j, depth + 1);
    i = j;
  }
}

std::vector<std::string> Index::families() const {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < sorted_.size();) {
    const std::string_view key = key_at(at);
    out.emplace_back(key.substr(0, key.find(kFamilyEnd)));
    at = range(out.back() + kFamilyEnd, at, sorted_.size()).second;  // past the family's entries
  }
  return out;
}

std::pair<std::size_t, std::size_t> Index::range(std::string_view composite, std::size_t lo, std::size_t hi) const {
  // Binary searches over positions: the key at each is read from keys_.
  std::size_t first = lo, count = hi - lo;
  while (count > 0) {
    const std::size_t half = count / 2;
    if (key_at(first + half) < composite) {
      first += half + 1;
      count -= half + 1;
    } else {
      count = half;
    }
  }
  std::size_t last = first;
  count = hi - first;
  while (count > 0) {
    const std::size_t half = count / 2;
    if (key_at(last + half).substr(0, composite.size()) <= composite) {
      last += half + 1;
      count -= half + 1;
    } else {
      count = half;
    }
  }
  return {first, last};
}

void Index::candidates(std::string_view composite, std::vector<std::uint32_t>& out) const {
  const auto [first, last] = range(composite);
  if (last - first <= kScan) {
    for (std::size_t i = first; i < last; ++i) out.push_back(sorted_[i]);
    return;
  }
  const auto top = top_.find(std::string(composite));
  if (top != top_.end()) out.insert(out.end(), top->second.begin(), top->second.end());
}

std::vector<Index::Letter> Index::next_letters(const std::string& stem, std::size_t lo, std::size_t hi) const {
  std::vector<Letter> letters;
  for (std::size_t i = lo; i < hi;) {
    const std::string_view key = key_at(i);
    if (key.size() == stem.size()) {
      ++i;
      continue;
    }
    std::size_t end = stem.size() + 1;
    while (end < key.size() && continues_code_point(key[end])) ++end;
    std::string letter(key.substr(stem.size(), end - stem.size()));
    const auto [first, last] = range(stem + letter, i, hi);
    letters.push_back({std::move(letter), first, last});
    i = last;
  }
  return letters;
}

// A typo is looked for past the first letter of the key (its first letter
// may only be swapped with the second): readers rarely mistype the first,
// and changing it would try every letter of the edition.
std::vector<std::string> Index::one_edit_away(const std::string& composite, std::size_t head) const {
  std::vector<std::size_t> starts;  // code point starts of the key part
  for (std::size_t i = head; i < composite.size(); ++i)
    if (!continues_code_point(composite[i])) starts.push_back(i);
  starts.push_back(composite.size());
  std::vector<std::string> out;
  const auto add = [&](std::string s, std::size_t lo, std::size_t hi) {
    if (s.size() <= head || s == composite) return;
    const auto [first, last] = range(s, lo, hi);
    if (first != last) out.push_back(std::move(s));
  };
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    const std::string stem = composite.substr(0, starts[k]);
    const std::string here = composite.substr(starts[k], starts[k + 1] - starts[k]);
    const std::string rest = composite.substr(starts[k + 1]);
    const auto [lo, hi] = range(stem);
    if (lo == hi) break;        // no entry has this stem: none has a longer one
    if (k + 2 < starts.size())  // swapped with the next
      add(stem + composite.substr(starts[k + 1], starts[k + 2] - starts[k + 1]) + here +
              composite.substr(starts[k + 2]),
          lo, hi);
    if (k == 0) continue;
    add(stem + rest, lo, hi);  // dropped
    for (const Letter& l : next_letters(stem, lo, hi)) {
      add(stem + l.letter + rest, l.first, l.last);         // changed
      add(stem + l.letter + here + rest, l.first, l.last);  // added
    }
  }
  return out;
}

Completion Index::shown(std::uint32_t entry, const Display& display, std::int64_t now) const {
  const EntryText& e = *texts_[entry];
  const Variant* pick = nullptr;
  const auto commonest_where = [&](auto&& fits) {
    for (const Variant& v : e.variants)
      if (v.count > 0 && fits(v) && (!pick || v.count > pick->count)) pick = &v;
  };
  if (display.edition) commonest_where([&](const Variant& v) { return v.lang == *display.edition; });
  if (!pick) commonest_where([&](const Variant& v) { return script_of_language(v.lang) == display.typed_script; });
  if (!pick) commonest_where([](const Variant&) { return true; });
  Completion c;
  c.kind = e.kind;
  c.score = score(entry, now);
  if (!pick) return c;
  c.text = pick->text;
  c.lang = pick->lang;
  if (e.kind == Kind::headline && !pick->articles.empty()) {
    const auto newest = std::max_element(pick->articles.begin(), pick->articles.end(),
                                         [](const auto& a, const auto& b) { return a.published < b.published; });
    c.id = newest->id;
  }
  return c;
}

std::vector<Completion> Index::complete(const std::vector<Prefix>& prefixes, const Display& display, std::size_t limit,
                                        std::int64_t now, bool typos) const {
  std::vector<Completion> out;
  std::set<std::uint32_t> taken;
  std::set<std::string> texts;
  const auto rank = [&](const std::vector<std::string>& composites) {
    std::vector<std::uint32_t> found;
    for (const std::string& c : composites) candidates(c, found);
    std::vector<Completion> ranked;
    for (std::uint32_t e : found)
      if (stats_[e].count > 0 && taken.insert(e).second) ranked.push_back(shown(e, display, now));
    std::sort(ranked.begin(), ranked.end(), [](const Completion& a, const Completion& b) {
      return a.score != b.score ? a.score > b.score : a.text < b.text;
    });
    for (Completion& c : ranked) {
      if (out.size() >= limit) break;
      if (texts.insert(c.text).second) out.push_back(std::move(c));
    }
  };
  std::vector<std::string> exact;
  for (const Prefix& p : prefixes) exact.push_back(p.family + kFamilyEnd + p.key);
  rank(exact);
  if (!typos || out.size() >= limit) return out;
  std::vector<std::string> near;
  for (const Prefix& p : prefixes)
    for (std::string& s : one_edit_away(p.family + kFamilyEnd + p.key, p.family.size() + 1))
      near.push_back(std::move(s));
  rank(near);
  return out;
}

std::size_t Index::memory_bytes() const {
  std::size_t bytes = texts_.capacity() * sizeof(texts_[0]) + stats_.capacity() * sizeof(Stats) +
                      sorted_.capacity() * 4 + keys_.capacity() + key_start_.capacity() * 4 +
                      epoch_score_.capacity() * sizeof(double);
  for (const auto& [prefix, best] : top_) bytes += prefix.capacity() + best.capacity() * 4 + 64;
  return bytes;
}

}  // namespace newsidx::suggest
