// "Did you mean": spelling suggestions from the indexed vocabulary.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "newsidx/analyzer.h"
#include "query/column_bm25.h"
#include "query/query_builder.h"
#include "query/query_parser.h"
#include "query/shard_question_spy.h"

namespace newsidx {

// A search with fewer results than this gets a spelling suggestion.
inline constexpr std::size_t kSuggestBelow = 3;

// For each query word none of whose readings is in the index, the indexed
// term of the same reading nearest by edit distance (at most 1 for words of
// up to four letters, else 2; ties go to the more frequent term), shown as
// the word form an article that holds it actually uses. Returns the query
// text with those words replaced, or "" when nothing was replaced.
// `words` hold offsets into `query`; only terms in the script the word was
// typed in are considered, so a suggestion keeps the reader's script.
// `freq` tells whether a reading is indexed (the search's cached
// frequencies: over shard servers each lookup would be a round trip).
// Only terms that an article visible at `now` holds are suggested.
// `on_shard_servers`: each shard server finds the terms near the words in
// its own vocabulary (NearTermsSpy), as one index finds them in its own.
std::string suggest_spelling(const Xapian::Database& db, Analyzer& analyzer, const TermFreq& freq,
                             const std::string& query, const std::vector<QueryWord>& words, std::int64_t now,
                             bool on_shard_servers = false);

// An indexed term near a word's reading: its edit distance and how many
// articles hold it.
struct NearTerm {
  std::string term;
  std::size_t distance = 0;
  Xapian::doccount freq = 0;
};

// The indexed terms near `readings`, found on each shard server in its own
// vocabulary (that shard's frequencies) and merged here (the frequencies
// added): what a scan of one index's vocabulary finds, without sending it.
// The server reads its shard from the query's DocCursor (column_bm25.h).
class NearTermsSpy : public ShardQuestionSpy<NearTermsSpy> {
 public:
  explicit NearTermsSpy(std::vector<std::string> readings, std::shared_ptr<const CurrentDoc> current = nullptr)
      : ShardQuestionSpy(std::move(readings), std::move(current)) {}
  std::string name() const override { return "newsidx.NearTerms"; }
  std::string serialise_results() const override;
  void merge_results(const std::string& serialised) override;

  // Per reading, in the order given: its near terms in term order.
  std::vector<std::vector<NearTerm>> found() const;

 private:
  std::vector<std::map<std::string, NearTerm>> merged_;
};

// The plain words of a parsed query (not field filters or dates), with
// offsets into the query text.
std::vector<QueryWord> plain_words(Analyzer& analyzer, const QueryNode& root, const std::optional<std::string>& lang);

// Levenshtein distance in code points, or limit + 1 once it exceeds limit.
std::size_t edit_distance(const std::u32string& a, const std::u32string& b, std::size_t limit);

}  // namespace newsidx
