#include "suggest/suggest_index.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <unicode/uchar.h>
#include <unicode/utf8.h>

#include "analysis/completion_keys.h"
#include "newsidx/article.h"

namespace newsidx::suggest {
namespace {

// A prefix range up to this many entries is ranked whole; a wider one
// from its best kTop at build time.
constexpr std::size_t kScan = 512, kTop = 64;
// A phrase of a title is a run of two or three capitalised words (a name,
// a place); single words count from this many letters.
constexpr std::size_t kMaxPhraseWords = 3, kMinWordLetters = 3;
constexpr char kFamilyEnd = '\x1f';

std::size_t code_points(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

UChar32 first_code_point(std::string_view s) {
  int32_t i = 0;
  UChar32 c = 0;
  U8_NEXT(reinterpret_cast<const uint8_t*>(s.data()), i, static_cast<int32_t>(s.size()), c);
  return c;
}

bool is_capitalised(std::string_view word) { return u_isupper(first_code_point(word)); }
bool is_han(std::string_view word) { return u_hasBinaryProperty(first_code_point(word), UCHAR_IDEOGRAPHIC); }
bool has_letter(std::string_view word) {
  for (std::size_t i = 0; i < word.size();) {
    UChar32 c = 0;
    int32_t at = static_cast<int32_t>(i);
    U8_NEXT(reinterpret_cast<const uint8_t*>(word.data()), at, static_cast<int32_t>(word.size()), c);
    if (u_isalpha(c)) return true;
    i = static_cast<std::size_t>(at);
  }
  return false;
}

// How many capitals a spelling has: of two spellings, the one with fewer
// is shown ("референдум" rather than a title's first word "Референдум").
std::size_t capitals(std::string_view text) {
  std::size_t n = 0;
  for (int32_t i = 0; i < static_cast<int32_t>(text.size());) {
    UChar32 c = 0;
    U8_NEXT(reinterpret_cast<const uint8_t*>(text.data()), i, static_cast<int32_t>(text.size()), c);
    n += u_isupper(c) ? 1 : 0;
  }
  return n;
}

std::string script_of_code(const std::string& lang) {
  if (lang == "kk-Latn" || lang == "en" || lang == "uz") return "Latn";
  if (lang == "kk-Arab") return "Arab";
  if (lang == "zh") return "Hani";
  return "Cyrl";
}

struct Word {
  std::size_t begin, end;
  std::string key;
};

}  // namespace

void append_word_key(std::string& phrase, std::string_view key) {
  if (!phrase.empty()) {
    std::size_t last = phrase.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(phrase[last]) & 0xC0) == 0x80) --last;
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

// Adds each article's completions once per article.
class Index::Builder {
 public:
  explicit Builder(std::vector<Entry>& entries) : entries_(entries) {}

  void add(const Source& a) {
    family_ = base_language(a.lang);
    seen_.clear();
    std::vector<Word> words = words_of(a.title, a.lang);
    for (std::size_t i = 0; i < words.size(); ++i) {
      const std::string_view word = std::string_view(a.title).substr(words[i].begin, words[i].end - words[i].begin);
      if (has_letter(word) && code_points(word) >= (is_han(word) ? 2 : kMinWordLetters))
        note(a, words[i].key, word, Kind::phrase);
      if (!is_capitalised(word)) continue;
      for (std::size_t n = 2; n <= kMaxPhraseWords && i + n <= words.size(); ++n) {
        const Word& last = words[i + n - 1];
        if (!is_capitalised(std::string_view(a.title).substr(last.begin))) break;
        note(a, joined(words, i, i + n), std::string_view(a.title).substr(words[i].begin, last.end - words[i].begin),
             Kind::phrase);
      }
    }
    if (!words.empty()) note(a, joined(words, 0, words.size()), a.title, Kind::headline);
    for (const std::string& tag : a.tags) {
      const std::vector<Word> tag_words = words_of(tag, a.lang);
      if (!tag_words.empty()) note(a, joined(tag_words, 0, tag_words.size()), tag, Kind::tag);
    }
  }

 private:
  std::vector<Word> words_of(const std::string& text, const std::string& lang) {
    std::vector<Word> words;
    keys_.for_each_article_word(text, lang, [&](std::size_t b, std::size_t e, const CompletionKey& k) {
      if (!k.key.empty()) words.push_back({b, e, k.key});
    });
    return words;
  }

  static std::string joined(const std::vector<Word>& words, std::size_t from, std::size_t to) {
    std::string key;
    for (std::size_t i = from; i < to; ++i) append_word_key(key, words[i].key);
    return key;
  }

  void note(const Source& a, const std::string& key, std::string_view text, Kind kind) {
    std::string composite = family_ + kFamilyEnd + key;
    composite += static_cast<char>('0' + static_cast<int>(kind));  // kinds apart while building
    if (!seen_.insert(composite).second) return;
    auto [it, fresh] = index_.try_emplace(composite, static_cast<std::uint32_t>(entries_.size()));
    if (fresh) {
      entries_.push_back(Entry{composite.substr(0, composite.size() - 1), kind, 0, 0, 0, {}});
    }
    Entry& e = entries_[it->second];
    e.count += 1;
    e.newest = std::max(e.newest, a.published);
    e.views += a.views;
    auto v = std::find_if(e.variants.begin(), e.variants.end(), [&](const Variant& x) { return x.lang == a.lang; });
    if (v == e.variants.end()) v = e.variants.insert(e.variants.end(), Variant{a.lang, std::string(text), a.id, 0, 0});
    v->count += 1;
    if (kind != Kind::headline && capitals(text) < capitals(v->text)) v->text = std::string(text);
    if (a.published >= v->newest) {
      v->newest = a.published;
      if (kind == Kind::headline) {
        v->id = a.id;
        v->text = std::string(text);
      }
    }
  }

  std::vector<Entry>& entries_;
  CompletionKeys keys_;
  std::string family_;
  std::set<std::string> seen_;
  std::unordered_map<std::string, std::uint32_t> index_;
};

Index::Index(const std::vector<Source>& articles, std::int64_t now, Ranking ranking) : ranking_(ranking) {
  {
    Builder builder(entries_);
    for (const Source& a : articles) builder.add(a);
  }
  std::sort(entries_.begin(), entries_.end(),
            [](const Entry& a, const Entry& b) { return a.key != b.key ? a.key < b.key : a.kind < b.kind; });
  built_score_.reserve(entries_.size());
  for (const Entry& e : entries_) built_score_.push_back(score(e, now));
  build_top_lists(0, entries_.size(), 0);
}

double Index::score(const Entry& e, std::int64_t now) const {
  const double age = static_cast<double>(std::max<std::int64_t>(0, now - e.newest));
  return std::log2(1.0 + e.count) + ranking_.views_weight * std::log2(1.0 + static_cast<double>(e.views)) +
         ranking_.fresh_weight * std::exp2(-age / ranking_.half_life_seconds);
}

// Every prefix of more than kScan entries gets its best kTop: the ranges
// at each depth are cut by the next byte, so a wide prefix always has one.
void Index::build_top_lists(std::size_t first, std::size_t last, std::size_t depth) {
  if (last - first <= kScan) return;
  if (depth > 0) {
    std::vector<std::uint32_t> best(last - first);
    for (std::size_t i = first; i < last; ++i) best[i - first] = static_cast<std::uint32_t>(i);
    const auto better = [this](std::uint32_t a, std::uint32_t b) { return built_score_[a] > built_score_[b]; };
    std::nth_element(best.begin(), best.begin() + kTop, best.end(), better);
    best.resize(kTop);
    top_.emplace(entries_[first].key.substr(0, depth), std::move(best));
  }
  std::size_t i = first;
  while (i < last && entries_[i].key.size() == depth) ++i;
  while (i < last) {
    const char next = entries_[i].key[depth];
    std::size_t j = i;
    while (j < last && entries_[j].key[depth] == next) ++j;
    build_top_lists(i, j, depth + 1);
    i = j;
  }
}

std::pair<std::size_t, std::size_t> Index::range(std::string_view composite) const {
  const auto first = std::lower_bound(entries_.begin(), entries_.end(), composite,
                                      [](const Entry& e, std::string_view p) { return e.key < p; });
  const auto last = std::upper_bound(first, entries_.end(), composite, [](std::string_view p, const Entry& e) {
    return std::string_view(e.key).substr(0, p.size()) > p;
  });
  return {static_cast<std::size_t>(first - entries_.begin()), static_cast<std::size_t>(last - entries_.begin())};
}

void Index::candidates(std::string_view composite, std::vector<std::uint32_t>& out) const {
  const auto [first, last] = range(composite);
  if (last - first <= kScan) {
    for (std::size_t i = first; i < last; ++i) out.push_back(static_cast<std::uint32_t>(i));
    return;
  }
  const auto top = top_.find(std::string(composite));
  if (top != top_.end()) out.insert(out.end(), top->second.begin(), top->second.end());
}

std::vector<std::string> Index::one_edit_away(const std::string& composite, std::size_t head) const {
  std::vector<std::size_t> starts;  // code point starts of the key part
  for (std::size_t i = head; i < composite.size(); ++i)
    if ((static_cast<unsigned char>(composite[i]) & 0xC0) != 0x80) starts.push_back(i);
  starts.push_back(composite.size());
  std::vector<std::string> out;
  const auto add = [&](std::string s) {
    if (s.size() <= head || s == composite) return;
    const auto [first, last] = range(s);
    if (first != last) out.push_back(std::move(s));
  };
  // The code points some entry has after `stem`.
  const auto next_letters = [&](const std::string& stem) {
    std::vector<std::string> letters;
    auto [i, last] = range(stem);
    while (i < last) {
      const std::string& key = entries_[i].key;
      if (key.size() == stem.size()) {
        ++i;
        continue;
      }
      std::size_t end = stem.size() + 1;
      while (end < key.size() && (static_cast<unsigned char>(key[end]) & 0xC0) == 0x80) ++end;
      letters.push_back(key.substr(stem.size(), end - stem.size()));
      i = range(stem + letters.back()).second;
    }
    return letters;
  };
  for (std::size_t k = 0; k + 1 < starts.size(); ++k) {
    const std::string stem = composite.substr(0, starts[k]);
    const std::string rest = composite.substr(starts[k + 1]),
                      here = composite.substr(starts[k], starts[k + 1] - starts[k]);
    add(stem + rest);  // dropped
    if (k + 2 < starts.size())
      add(stem + composite.substr(starts[k + 1], starts[k + 2] - starts[k + 1]) + here +
          composite.substr(starts[k + 2]));
    for (const std::string& letter : next_letters(stem)) {
      add(stem + letter + rest);         // changed
      add(stem + letter + here + rest);  // added
    }
  }
  return out;
}

Completion Index::shown(const Entry& e, const Display& display, std::int64_t now) const {
  const Variant* pick = nullptr;
  if (display.edition)
    for (const Variant& v : e.variants)
      if (v.lang == *display.edition) pick = &v;
  if (!pick)
    for (const Variant& v : e.variants)
      if (script_of_code(v.lang) == display.typed_script && (!pick || v.count > pick->count)) pick = &v;
  if (!pick)
    for (const Variant& v : e.variants)
      if (!pick || v.count > pick->count) pick = &v;
  Completion c;
  c.text = pick->text;
  c.kind = e.kind;
  c.lang = pick->lang;
  if (e.kind == Kind::headline) c.id = pick->id;
  c.score = score(e, now);
  return c;
}

std::vector<Completion> Index::complete(const std::vector<Prefix>& prefixes, const Display& display, std::size_t limit,
                                        std::int64_t now, bool typos) const {
  std::vector<Completion> out;
  std::set<std::uint32_t> taken;
  std::set<std::string> texts;
  const auto rank = [&](const std::vector<std::string>& composites, bool typo) {
    std::vector<std::uint32_t> found;
    for (const std::string& c : composites) candidates(c, found);
    std::sort(found.begin(), found.end());
    found.erase(std::unique(found.begin(), found.end()), found.end());
    std::vector<Completion> ranked;
    for (std::uint32_t i : found) {
      if (taken.count(i)) continue;
      ranked.push_back(shown(entries_[i], display, now));
      ranked.back().typo = typo;
      taken.insert(i);
    }
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
  rank(exact, false);
  if (!typos || out.size() >= limit) return out;
  std::vector<std::string> near;
  for (const Prefix& p : prefixes)
    for (std::string& s : one_edit_away(p.family + kFamilyEnd + p.key, p.family.size() + 1))
      near.push_back(std::move(s));
  rank(near, true);
  return out;
}

std::size_t Index::memory_bytes() const {
  std::size_t bytes = entries_.capacity() * sizeof(Entry) + built_score_.capacity() * sizeof(double);
  for (const Entry& e : entries_) {
    bytes += e.key.capacity() + e.variants.capacity() * sizeof(Variant);
    for (const Variant& v : e.variants) bytes += v.text.capacity() + v.id.capacity() + v.lang.capacity();
  }
  for (const auto& [prefix, best] : top_) bytes += prefix.capacity() + best.capacity() * 4 + 64;
  return bytes;
}

}  // namespace newsidx::suggest
