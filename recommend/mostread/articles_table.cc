#include "recommend/mostread/articles_table.h"

#include "analysis/fold.h"
#include "common/date.h"
#include "index/stored_article.h"

namespace newsidx {

void ArticleRows::add(std::string_view lang, std::string_view category, std::string_view published) {
  lang_.push_back(intern(langs_, lang_index_, lang, [](const std::string& l) { return base_language(l); }));
  category_.push_back(
      intern(categories_, category_index_, category, [](const std::string& c) { return fold_exact(c); }));
  published_.push_back(parse_iso8601(published).value_or(0));
}

bool ArticleRows::same(std::size_t k, std::string_view lang, std::string_view category, std::int64_t published) const {
  return published_[k] == published && langs_[lang_[k]] == lang && categories_[category_[k]] == category;
}

void ArticleRows::bind(std::size_t k, sql::Stmt& put) const {
  put.bind(2, std::string_view(langs_[lang_[k]]))
      .bind(3, std::string_view(categories_[category_[k]]))
      .bind(4, published_[k]);
}

namespace {

// Marks the articles whose row is already right; returns the ids of the
// rows of articles the index no longer has.
std::vector<std::string> compare_rows(sql::Db& db, const StringIndex& by_id, const ArticleRows& rows,
                                      std::vector<char>& same) {
  std::vector<std::string> gone;
  sql::Stmt old(db, "SELECT article_id, lang, category, published FROM articles");
  while (old.step()) {
    std::string id = old.text(0);
    const auto k = by_id.find(id);
    if (!k) gone.push_back(std::move(id));
    else if (rows.same(*k, old.text(1), old.text(2), old.int64(3))) same[*k] = 1;
  }
  return gone;
}

}  // namespace

void update_articles_table(sql::Db& db, const std::vector<std::string>& ids, const StringIndex& by_id,
                           const std::vector<std::uint32_t>& in_byte_order, const ArticleRows& rows,
                           const std::string& revision) {
  db.exec("BEGIN IMMEDIATE");
  try {
    std::vector<char> same(ids.size(), 0);
    const std::vector<std::string> gone = compare_rows(db, by_id, rows, same);
    sql::Stmt drop(db, "DELETE FROM articles WHERE article_id = ?");
    for (const std::string& id : gone) {
      drop.bind(1, std::string_view(id)).step();
      drop.reset();
    }
    sql::Stmt put(db, "INSERT OR REPLACE INTO articles VALUES(?, ?, ?, ?)");
    for (const std::uint32_t k : in_byte_order) {
      if (same[k]) continue;
      put.bind(1, std::string_view(ids[k]));
      rows.bind(k, put);
      put.step();
      put.reset();
    }
    sql::Stmt mark(db, "INSERT OR REPLACE INTO meta VALUES('articles_revision', ?)");
    mark.bind(1, std::string_view(revision)).step();
    db.exec("COMMIT");
  } catch (...) {
    db.exec("ROLLBACK");
    throw;
  }
}

}  // namespace newsidx
