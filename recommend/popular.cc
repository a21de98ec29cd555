#include "recommend/popular.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include "analysis/fold.h"
#include "indexer/article_reader.h"
#include "indexer/schema.h"
#include "indexer/store.h"
#include "newsidx/article.h"
#include "recommend/sqlite.h"
#include "recommend/state_schema.h"

namespace newsidx {
namespace {

std::int64_t ceil_hour(std::int64_t t) { return t >= 0 ? (t + 3599) / 3600 : t / 3600; }

struct Row {
  std::string id;
  std::uint64_t views = 0;
  double score = 0;
  std::int64_t published = 0;
};

}  // namespace

PopularResult find_popular(const std::string& dir, const Xapian::Database& index, const PopularRequest& req) {
  PopularResult result;
  result.to = req.at ? *req.at : static_cast<std::int64_t>(std::time(nullptr));
  result.from = req.window_seconds == 0 ? std::numeric_limits<std::int64_t>::min() / 2 : result.to - req.window_seconds;
  const std::string path = (std::filesystem::path(dir) / state::kFileName).string();
  if (!std::filesystem::exists(path)) return result;
  sql::Db db(path, true);
  state::check_version(db, path);
  const std::string lang = req.lang ? base_language(*req.lang) : "";
  const std::string category = req.category ? fold_exact(*req.category) : "";
  std::unordered_map<std::string, Row> rows;
  const std::string filter = " AND (?3 = '' OR a.lang = ?3) AND (?4 = '' OR a.category = ?4)";
  // Adds up `sql`'s (article, hour or day, views, published) rows; `unit`
  // is the seconds per row's time unit, for the trending age.
  auto add = [&](const std::string& sql, std::int64_t lo, std::int64_t hi, double unit) {
    sql::Stmt q(db, sql.c_str());
    q.bind(1, lo).bind(2, hi).bind(3, std::string_view(lang)).bind(4, std::string_view(category));
    const double half_life = req.half_life_hours * 3600.0;
    while (q.step()) {
      Row& r = rows[q.text(0)];
      const auto views = static_cast<std::uint64_t>(q.int64(2));
      r.views += views;
      r.published = q.int64(3);
      if (req.trending) {
        const double age = std::max(0.0, static_cast<double>(result.to) - (q.int64(1) + 0.5) * unit);
        r.score += views * std::exp2(-age / half_life);
      }
    }
  };
  const std::string hourly = "SELECT v.article_id, v.hour, v.views, a.published FROM views_hourly v "
                             "JOIN articles a ON a.article_id = v.article_id WHERE v.hour >= ?1 AND v.hour < ?2" + filter;
  const std::string daily = "SELECT v.article_id, v.day, v.views, a.published FROM views_daily v "
                            "JOIN articles a ON a.article_id = v.article_id WHERE v.day >= ?1 AND v.day < ?2" + filter;
  const std::int64_t h0 = ceil_hour(result.from), h1 = ceil_hour(result.to);
  if (req.window_seconds == 0 && !req.trending) {
    // All time: only articles with at least the top-th most views, found
    // through the index on views rather than by sorting every article.
    std::int64_t threshold = 0;
    if (req.top > 0) {
      sql::Stmt nth(db, ("SELECT v.views FROM views_total v JOIN articles a ON a.article_id = v.article_id "
                         "WHERE ?1 <= ?2" + filter + " ORDER BY v.views DESC LIMIT 1 OFFSET ?5").c_str());
      nth.bind(1, std::int64_t{0}).bind(2, std::int64_t{0}).bind(3, std::string_view(lang))
          .bind(4, std::string_view(category)).bind(5, static_cast<std::int64_t>(req.top - 1));
      if (nth.step()) threshold = nth.int64(0);
    }
    add("SELECT v.article_id, 0, v.views, a.published FROM views_total v "
        "JOIN articles a ON a.article_id = v.article_id WHERE v.views >= ?1 AND ?2 = ?2" + filter,
        threshold, 0, 3600);
  } else if (h1 - h0 <= 48 || req.trending) {
    add(hourly, h0, h1, 3600);  // trending weighs each hour by its own age
  } else {
    // Whole days from the daily counts, the partial days at the ends hourly.
    const std::int64_t d0 = (h0 + 23) / 24, d1 = h1 / 24;
    add(hourly, h0, d0 * 24, 3600);
    add(daily, d0, d1, 86400);
    add(hourly, std::max(d1 * 24, h0), h1, 3600);
  }
  std::vector<Row> ranked;
  ranked.reserve(rows.size());
  for (auto& [id, r] : rows) {
    r.id = id;
    if (!req.trending) r.score = static_cast<double>(r.views);
    ranked.push_back(std::move(r));
  }
  std::sort(ranked.begin(), ranked.end(), [](const Row& a, const Row& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.published != b.published) return a.published > b.published;  // ties: the newer article
    return a.id < b.id;
  });
  if (req.top > 0 && ranked.size() > req.top) ranked.resize(req.top);
  for (const Row& r : ranked) {
    PopularHit h;
    if (const auto did = store::find_article(index, r.id))  // else deleted since: shown by id alone
      static_cast<ArticleSummary&>(h) = decode_summary(index.get_document(*did).get_value(schema::kSlotSummary));
    h.id = r.id;
    h.views = r.views;
    h.score = r.score;
    result.results.push_back(std::move(h));
  }
  return result;
}

}  // namespace newsidx
