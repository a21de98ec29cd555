// What a search reads of every matching document, in memory by docid and
// shared by all threads: the facet values (language, month, category, tags)
// as small ids with their folded spellings grouped, the text and story
// fingerprints, the publication time, the document length (BM25) and the
// result summary. Read from the value slots and the length list of one
// commit, in one pass each; a search reads these instead of a B-tree block
// per value per document.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "newsidx/searcher.h"  // FacetValue

namespace newsidx {

// Facet values counted by spelling, merged by folded form when `fold`
// (categories and tags), by count then value, the top `max_values`: what
// DocColumns::result gives, from counts that a remote shard sent.
std::vector<FacetValue> rank_facet(const std::map<std::string, std::size_t>& counts, bool fold, std::size_t max_values);

class DocColumns {
 public:
  // Reads the value slots of the whole database (one pass each); the
  // summaries only when `with_summaries`.
  DocColumns(const Xapian::Database& db, bool with_summaries);

  // For related news: the story fingerprint (0 when none or unknown), the
  // category's folded-spelling group (0 when none) and the publication time.
  std::uint64_t story(Xapian::docid did) const { return did < story_.size() ? story_[did] : 0; }
  // What story() holds for a story value: a hash, 0 for none.
  static std::uint64_t story_key(std::string_view value) {
    return value.empty() ? 0 : std::hash<std::string_view>{}(value) | 1;
  }
  std::uint32_t category_group(Xapian::docid did) const {
    return did < category_of_.size() ? category_.group[category_of_[did]] : 0;
  }
  double published(Xapian::docid did) const { return did < published_.size() ? published_[did] : 0; }

  // Document lengths by docid (for BM25, column_bm25.h).
  const std::shared_ptr<const std::vector<std::uint32_t>>& lengths() const { return lengths_; }

  // The stored result summary (schema::kSlotSummary); empty when not read.
  std::string_view summary(Xapian::docid did) const {
    if (did + 1 >= summary_at_.size()) return {};
    return std::string_view(summaries_).substr(summary_at_[did], summary_at_[did + 1] - summary_at_[did]);
  }

  // The text fingerprint, 0 when unknown (a document newer than these columns).
  std::uint64_t fingerprint(Xapian::docid did) const { return did < fingerprints_.size() ? fingerprints_[did] : 0; }

  // Articles per language code, as these columns were read.
  std::map<std::string, std::size_t> articles_per_language() const;

  // The memory these columns hold, in bytes (lengths shared with others included).
  std::size_t memory_bytes() const;

  // Per facet, a count per value id.
  struct Counts {
    std::vector<std::uint32_t> lang, month, category, tag;
  };
  Counts empty_counts() const;
  void count(Xapian::docid did, Counts& counts) const;

  // Adds `counts` to counts by value (lang, month, category, tag), values
  // counted 0 times left out: what FacetValueSpy counts from the values.
  void add_by_value(const Counts& counts, std::map<std::string, std::size_t>* by_value[4]) const;
  // Values merged by folded form (categories and tags), by count then value,
  // the top `max_values` of each facet.
  std::map<std::string, std::vector<FacetValue>> result(const Counts& counts, std::size_t max_values) const;

 private:
  friend std::vector<FacetValue> rank_facet(const std::map<std::string, std::size_t>&, bool, std::size_t);
  struct Dictionary {
    std::vector<std::string> names;  // id -> value; id 0 is "no value"
    std::unordered_map<std::string, std::uint32_t> ids;
    // id -> the group of values that fold alike (group 0: no value), for
    // facets that merge spellings; folded once here, not per search.
    std::vector<std::uint32_t> group;
    std::uint32_t groups = 0;
    std::uint32_t intern(const std::string& value);
    void group_by_folded_form(bool fold);
  };
  // One value per document (docid -> id).
  void read_single(const Xapian::Database& db, Xapian::valueno slot, Dictionary& dict,
                   std::vector<std::uint32_t>& column);

  Dictionary lang_, month_, category_, tag_;
  std::vector<std::uint32_t> lang_of_, month_of_, category_of_;
  std::vector<std::uint32_t> tags_begin_;  // docid -> first index in tags_; docid + 1 -> the end
  std::vector<std::uint32_t> tags_;
  std::vector<std::uint64_t> fingerprints_;
  std::shared_ptr<const std::vector<std::uint32_t>> lengths_;
  std::vector<std::uint64_t> story_;
  std::vector<double> published_;
  std::string summaries_;                // all of them, by docid
  std::vector<std::size_t> summary_at_;  // docid -> start in summaries_; docid + 1 -> the end
};

}  // namespace newsidx
