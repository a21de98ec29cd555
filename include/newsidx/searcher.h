// Searching the index: what the CLI, the HTTP service and any web backend call.
//
// Thread safety: a Searcher may be shared by any number of threads; each
// search borrows a database handle and an analyzer of its own from a pool.
// Every search first checks for a newer commit by `newsindex` and reopens,
// so results follow the index without a restart.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "newsidx/article.h"

namespace newsidx {

struct SearchRequest {
  // The query text; words must all match unless `any` is set.
  std::string query;
  // Read the words in this language only and return only its articles
  // ("kk" covers every Kazakh script).
  // Default: none (all editions; each word read in every language it may be).
  std::optional<std::string> lang;
  // Default: 0.
  std::size_t offset = 0;
  // Default: 10. At most kMaxLimit.
  std::size_t limit = 10;
  // Rank by any of the words from the start (long natural-language questions).
  // Default: false.
  bool any = false;
};

inline constexpr std::size_t kMaxLimit = 1000;
inline constexpr std::size_t kMaxQueryBytes = 1024;

struct SearchHit {
  std::string id;
  std::string title;
  std::string url;
  std::string lang;
  std::string published;
  std::string category;
  std::vector<std::string> tags;
  double score = 0;
};

struct SearchResult {
  std::size_t total = 0;  // matching articles (Xapian's estimate when large)
  bool total_exact = true;
  bool relaxed = false;   // all-words found nothing, so any-words ranking was used
  std::vector<SearchHit> results;
};

struct SearcherOptions {
  // Matches counted exactly before `total` becomes Xapian's estimate.
  // Default: 1000.
  std::size_t exact_total_up_to = 1000;
};

class Searcher {
 public:
  // Throws DatabaseError naming db_dir when there is no index there.
  explicit Searcher(std::string db_dir, SearcherOptions options = {});
  ~Searcher();
  Searcher(const Searcher&) = delete;
  Searcher& operator=(const Searcher&) = delete;

  // Throws InvalidArgument for a query over kMaxQueryBytes, an unknown
  // language or a limit over kMaxLimit.
  SearchResult search(const SearchRequest& request) const;

  // The stored article, or nullopt for an unknown id.
  std::optional<Article> article(const std::string& id) const;

  // Number of articles in the index now.
  std::size_t article_count() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsidx
