// Completions of what readers type: the names, places and words of titles,
// editorial tags as written, and headlines, each under the completion key
// of its words (analysis/completion_keys.h) in its edition's family, with
// how many articles hold it, how recent and how read they are. An Index is
// one published state, read by any number of threads at once; a Maintainer
// (suggest/maintainer.h) brings the entries up to date article by article
// and publishes the next.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace newsidx::suggest {

enum class Kind : std::uint8_t { phrase, tag, headline };
const char* kind_name(Kind kind);

// How a completion ranks at `now`: log2(1 + articles) + views_weight ×
// log2(1 + views) + fresh_weight × log2(1 + Σ 2^(−age / half_life)) over
// its articles, so one story of the last hours outranks a common word.
struct Ranking {
  double views_weight = 1.0;
  double fresh_weight = 12.0;
  double half_life_seconds = 6 * 3600.0;
};

// An article that carries a headline: the newest is shown.
struct HeadlineArticle {
  std::int64_t published = 0;
  std::uint32_t doc = 0;
  std::string id;
};

// A spelling of an entry in one edition code; for a headline, the
// articles that carry it.
struct Variant {
  std::string lang, text;
  std::uint32_t count = 0;
  std::vector<HeadlineArticle> articles;
};

// What never changes of an entry once made, but its spellings.
struct EntryText {
  std::string key;  // family, kFamilyEnd, the key
  Kind kind = Kind::phrase;
  std::vector<Variant> variants;
};

// What the entry's articles add up to; `fresh` is Σ 2^((published −
// epoch) / half_life) at the index's epoch.
struct Stats {
  std::uint32_t count = 0;
  std::uint64_t views = 0;
  double fresh = 0;
};

// The separator of an entry's family from its key.
inline constexpr char kFamilyEnd = '\x1f';

// A typed prefix, folded: in a family (an edition's base language), the
// key its words fold to, joined (append_word_key).
struct Prefix {
  std::string family;
  std::string key;
};

// Appends a word's key to a phrase's: after a space, except between two
// Chinese words (typed "哈萨克斯" is one run of characters however the
// word breaker cuts it).
void append_word_key(std::string& phrase, std::string_view key);

struct Completion {
  std::string text;
  Kind kind = Kind::phrase;
  std::string lang;
  std::string id;  // the article, for a headline
  double score = 0;
};

// What to show of each completion: the spelling of the `edition` asked
// for (an article language code) when it has one, else of a code whose
// script is `typed_script` ("Latn", "Cyrl", "Arab", "Hani"), else the
// commonest.
struct Display {
  std::optional<std::string> edition;
  std::string typed_script;
};

class Index {
 public:
  using Texts = std::vector<std::shared_ptr<const EntryText>>;
  // Entries by id (a dead one has count 0), `sorted` the ids by key.
  Index(Texts texts, std::vector<Stats> stats, std::vector<std::uint32_t> sorted, std::int64_t epoch, Ranking ranking);

  // The best `limit` completions of any of `prefixes` at `now`, by score,
  // each text once; with `typos`, when fewer are found, also those one
  // letter (changed, added, dropped or swapped) away, after them.
  std::vector<Completion> complete(const std::vector<Prefix>& prefixes, const Display& display, std::size_t limit,
                                   std::int64_t now, bool typos) const;

  // The language families (base codes) some entry is of, sorted.
  std::vector<std::string> families() const;

  // Memory this index holds of its own (the entry texts are shared with
  // the next one).
  std::size_t memory_bytes() const;

 private:
  std::string_view key_at(std::size_t position) const {
    return std::string_view(keys_).substr(key_start_[position], key_start_[position + 1] - key_start_[position]);
  }
  double score(std::uint32_t entry, std::int64_t now) const;
  // Sorted positions of the entries whose key starts with `composite`:
  // [first, last), looked for within [lo, hi).
  std::pair<std::size_t, std::size_t> range(std::string_view composite, std::size_t lo, std::size_t hi) const;
  std::pair<std::size_t, std::size_t> range(std::string_view composite) const {
    return range(composite, 0, sorted_.size());
  }
  // The entries worth ranking for a prefix: all of a small range, the
  // best kTop by their score at the epoch of a wide one.
  void candidates(std::string_view composite, std::vector<std::uint32_t>& out) const;
  // The keys one edit from `composite`'s key part that some entry starts with.
  std::vector<std::string> one_edit_away(const std::string& composite, std::size_t head) const;
  // The code points some entry has after `stem`, whose entries are at [lo, hi), with their ranges.
  struct Letter {
    std::string letter;
    std::size_t first, last;
  };
  std::vector<Letter> next_letters(const std::string& stem, std::size_t lo, std::size_t hi) const;
  void build_top_lists(std::size_t first, std::size_t last, std::size_t depth);
  Completion shown(std::uint32_t entry, const Display& display, std::int64_t now) const;

  Texts texts_;
  std::vector<Stats> stats_;
  std::vector<std::uint32_t> sorted_;
  // The keys in sorted order, one after another: a binary search reads
  // them without following a pointer per entry.
  std::string keys_;
  std::vector<std::uint32_t> key_start_;
  std::int64_t epoch_;
  Ranking ranking_;
  std::vector<double> epoch_score_;                                  // by entry id
  std::unordered_map<std::string, std::vector<std::uint32_t>> top_;  // wide prefixes' best entries
};

}  // namespace newsidx::suggest
