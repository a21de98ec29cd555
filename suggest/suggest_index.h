// Completions of what readers type: the names, places and words of titles,
// editorial tags as written, and headlines, each under the completion key
// of its words (analysis/completion_keys.h) in its edition's family, with
// how many articles hold it, how recent the newest is and how often they
// were read. Built whole from the articles of one commit; read by any
// number of threads at once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace newsidx::suggest {

enum class Kind : std::uint8_t { phrase, tag, headline };
const char* kind_name(Kind kind);

// One article as completions see it.
struct Source {
  std::string id, title, lang;  // lang: the article's language code
  std::vector<std::string> tags;
  std::int64_t published = 0;  // unix seconds
  std::uint64_t views = 0;     // in the last 7 days
};

// How a completion ranks at `now`: log2(1 + articles) + views_weight ×
// log2(1 + views) + fresh_weight × 2^(−age of the newest / half_life).
struct Ranking {
  double views_weight = 1.0;
  double fresh_weight = 12.0;
  double half_life_seconds = 6 * 3600.0;
};

// A typed prefix, folded: in a family (an edition's base language), the
// key its words fold to, joined by spaces.
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
  bool typo = false;  // found with one letter changed
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
  Index(const std::vector<Source>& articles, std::int64_t now, Ranking ranking = {});

  // The best `limit` completions of any of `prefixes` at `now`, by score,
  // each shown once; with `typos`, when fewer are found, also those one
  // letter (changed, added, dropped or swapped) away, after them.
  std::vector<Completion> complete(const std::vector<Prefix>& prefixes, const Display& display, std::size_t limit,
                                   std::int64_t now, bool typos) const;

  std::size_t size() const { return entries_.size(); }
  std::size_t memory_bytes() const;

 private:
  struct Variant {
    std::string lang, text, id;
    std::uint32_t count = 0;
    std::int64_t newest = 0;
  };
  struct Entry {
    std::string key;  // family, '\x1f', the key
    Kind kind = Kind::phrase;
    std::uint32_t count = 0;
    std::int64_t newest = 0;
    std::uint64_t views = 0;
    std::vector<Variant> variants;
  };
  class Builder;

  double score(const Entry& e, std::int64_t now) const;
  // Entries whose key starts with `composite`: [first, last).
  std::pair<std::size_t, std::size_t> range(std::string_view composite) const;
  // The entries worth ranking for a prefix: all of a small range, the
  // best kTop by their score at build time of a wide one.
  void candidates(std::string_view composite, std::vector<std::uint32_t>& out) const;
  // The keys one edit from `composite`'s key part that some entry starts with.
  std::vector<std::string> one_edit_away(const std::string& composite, std::size_t head) const;
  void build_top_lists(std::size_t first, std::size_t last, std::size_t depth);
  Completion shown(const Entry& e, const Display& display, std::int64_t now) const;

  Ranking ranking_;
  std::vector<Entry> entries_;  // by key
  std::vector<double> built_score_;
  std::unordered_map<std::string, std::vector<std::uint32_t>> top_;  // wide prefixes' best entries
};

}  // namespace newsidx::suggest
