// The completions' entries, kept up to date article by article: an article
// that changed (its summary, its views, whether readers may see it) takes
// back what it added and adds anew, so that a commit of 1,000 articles
// re-reads 1,000 titles, not all of them. Not safe for concurrent use (one
// maintainer per index, used under a lock); what it publishes is.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "analysis/completion_keys.h"
#include "suggest/contributions.h"
#include "suggest/suggest_index.h"

namespace newsidx::suggest {

class Maintainer {
 public:
  explicit Maintainer(Ranking ranking = {}) : ranking_(ranking) {}

  // Starts an update as of `now` (unix seconds): what is added and
  // published after is ranked from it.
  void begin(std::int64_t now);

  // Whether the article at `doc` is as last added (or, not visible, still
  // not there): the same summary hash and views.
  bool unchanged(std::uint32_t doc, std::uint64_t summary_hash, std::uint64_t views, bool visible) const;
  // Takes back what the article at `doc` added, if any.
  void remove(std::uint32_t doc);
  // Adds the article at `doc` (remove it first if it is there).
  void add(std::uint32_t doc, const Source& article, std::uint64_t summary_hash);
  // Removes every article whose `doc` is not marked in `present`.
  void keep_only(const std::vector<bool>& present);

  // The entries as they are now.
  std::shared_ptr<const Index> publish();

  // The memory the entries and the articles' contributions take, in bytes.
  std::size_t memory_bytes() const;

 private:
  struct Doc {
    bool present = false;
    std::uint8_t lang = 0;  // in langs_
    std::uint64_t hash = 0, views = 0;
    std::int64_t published = 0;
    std::vector<std::uint32_t> entries;
  };
  std::uint8_t lang_index(const std::string& lang);
  std::uint32_t entry_for(const Contribution& c);
  // The entry's text, copied once per publication before it changes (the
  // published indexes share the old one).
  EntryText& writable(std::uint32_t entry);
  double fresh_of(std::int64_t published) const;

  Ranking ranking_;
  CompletionKeys keys_;
  std::vector<Doc> docs_;
  std::vector<std::string> langs_;
  std::unordered_multimap<std::uint64_t, std::uint32_t> ids_;  // hash of key and kind -> entry
  Index::Texts texts_;
  std::vector<Stats> stats_;
  std::vector<std::uint32_t> sorted_;    // published entries by key
  std::vector<std::uint32_t> unsorted_;  // made since
  std::unordered_map<std::uint32_t, std::shared_ptr<EntryText>> copied_;
  std::int64_t epoch_ = 0;
};

}  // namespace newsidx::suggest
