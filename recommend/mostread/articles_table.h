// The articles table of state.sqlite (id, edition, folded category,
// publication time): what per-edition Most read lists join the views with.
// It follows the index, and a run over a changed index writes only the rows
// that changed: rewriting every row took 0.2 s per 100k articles.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "common/string_index.h"
#include "newsidx/article.h"
#include "recommend/mostread/sqlite.h"

namespace newsidx {

// The table's rows as the index has them, one per article in the index's
// order. Editions and categories are kept once each (an index has few), so
// each category is folded once.
class ArticleRows {
 public:
  // The next article's row from its summary's fields (as given: folded here).
  void add(std::string_view lang, std::string_view category, std::string_view published);
  std::size_t size() const { return published_.size(); }
  // Whether article k's row holds these values.
  bool same(std::size_t k, std::string_view lang, std::string_view category, std::int64_t published) const;
  // Binds article k's edition, category and publication time to the
  // statement's parameters 2, 3 and 4.
  void bind(std::size_t k, sql::Stmt& put) const;

 private:
  // The place of raw's value (value_of(raw), made once per raw text) in values.
  template <class ValueOf>
  std::uint32_t intern(std::vector<std::string>& values, std::unordered_map<std::string, std::uint32_t>& index,
                       std::string_view raw, ValueOf&& value_of) {
    key_.assign(raw);  // a lookup allocates nothing once key_ has grown
    const auto [it, fresh] = index.try_emplace(key_, static_cast<std::uint32_t>(values.size()));
    if (fresh) values.push_back(value_of(key_));
    return it->second;
  }

  std::vector<std::string> langs_, categories_;
  std::unordered_map<std::string, std::uint32_t> lang_index_, category_index_;  // by the summary's text
  std::vector<std::uint32_t> lang_, category_;
  std::vector<std::int64_t> published_;
  std::string key_;
};

// Brings the articles table to `rows` (article k's id is ids[k], found by
// by_id) in one transaction, writing the rows that differ and deleting
// those of articles the index no longer has, and records `revision` as
// the index's revision the table follows. The rows are written in the
// table's key order, `in_byte_order` (article indexes sorted by id), so
// that SQLite fills its B-tree's pages in turn instead of seeking a random
// page per row.
void update_articles_table(sql::Db& db, const std::vector<std::string>& ids, const StringIndex& by_id,
                           const std::vector<std::uint32_t>& in_byte_order, const ArticleRows& rows,
                           const std::string& revision);

}  // namespace newsidx
