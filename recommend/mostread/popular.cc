#include "recommend/mostread/popular.h"

#include <algorithm>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <limits>
#include <unordered_map>

#include "analysis/fold.h"
#include "index/schema.h"
#include "index/store.h"
#include "index/stored_article.h"
#include "index/visibility.h"
#include "newsidx/article.h"
#include "newsidx/errors.h"
#include "recommend/mostread/day_hours.h"
#include "recommend/mostread/sqlite.h"
#include "recommend/mostread/state_schema.h"

namespace newsidx {
namespace {

std::int64_t ceil_hour(std::int64_t t) { return t >= 0 ? (t + 3599) / 3600 : t / 3600; }

struct Row {
  std::string id;
  std::uint64_t views = 0;
  double score = 0;
  std::int64_t published = 0;
};

std::int64_t floor_div(std::int64_t a, std::int64_t b) { return a / b - (a % b != 0 && (a < 0) != (b < 0)); }

// Adds up the view counts of one edition and category (empty: any) in a
// window into rows by article.
class Tally {
 public:
  Tally(sql::Db& db, const std::string& path, const PopularRequest& req, std::int64_t to)
      : db_(db),
        path_(path),
        req_(req),
        to_(to),
        lang_(req.lang ? base_language(*req.lang) : ""),
        category_(req.category ? fold_exact(*req.category) : "") {}

  // Hourly counts for hours [h0, h1), from the rows of the days that hold them.
  void hours(std::int64_t h0, std::int64_t h1) {
    sql::Stmt q(db_, kDaily);
    bind(q, floor_div(h0, 24), floor_div(h1 + 23, 24));
    while (q.step()) {
      DayHours by_hour{};
      const std::string id = q.text(0);
      if (!add_hours(q.blob(4), by_hour))
        throw DatabaseError(path_ + ": the hourly views of " + id + " on day " + std::to_string(q.int64(1)) +
                            " are damaged; delete the file and count again");
      for (std::size_t h = 0; h < by_hour.size(); ++h) {
        const std::int64_t hour = q.int64(1) * 24 + static_cast<std::int64_t>(h);
        if (by_hour[h] > 0 && hour >= h0 && hour < h1) add(id, hour, by_hour[h], q.int64(3), 3600);
      }
    }
  }
  // Daily counts for days [d0, d1).
  void days(std::int64_t d0, std::int64_t d1) { add_rows(kDaily, d0, d1, 86400); }
  // All-time totals, only of articles with at least the top-th most views
  // (found through the index on views rather than by sorting every article).
  void all_time(std::size_t top) {
    std::int64_t threshold = 0;
    if (top > 0) {
      sql::Stmt nth(db_, (std::string(kTotals) + " ORDER BY v.views DESC LIMIT 1 OFFSET ?5").c_str());
      bind(nth, 0, 0).bind(5, static_cast<std::int64_t>(top - 1));
      if (nth.step()) threshold = nth.int64(2);
    }
    add_rows((std::string(kTotals) + " AND v.views >= ?1").c_str(), threshold, 0, 3600);
  }

  std::unordered_map<std::string, Row> rows;

 private:
// The edition (?3) and category (?4) asked for, '' for any.
#define NEWSIDX_EDITION_FILTER " AND (?3 = '' OR a.lang = ?3) AND (?4 = '' OR a.category = ?4)"
  static constexpr const char* kDaily =
      "SELECT v.article_id, v.day, v.views, a.published, v.hours FROM views_daily v "
      "JOIN articles a ON a.article_id = v.article_id WHERE v.day >= ?1 AND v.day < ?2" NEWSIDX_EDITION_FILTER;
  static constexpr const char* kTotals =
      "SELECT v.article_id, 0, v.views, a.published FROM views_total v "
      "JOIN articles a ON a.article_id = v.article_id WHERE ?1 = ?1 AND ?2 = ?2" NEWSIDX_EDITION_FILTER;
#undef NEWSIDX_EDITION_FILTER

  sql::Stmt& bind(sql::Stmt& q, std::int64_t lo, std::int64_t hi) {
    return q.bind(1, lo).bind(2, hi).bind(3, std::string_view(lang_)).bind(4, std::string_view(category_));
  }

  // Adds up `sql`'s (article, hour or day, views, published) rows; `unit`
  // is the seconds per row's time unit, for the trending age.
  void add_rows(const char* sql, std::int64_t lo, std::int64_t hi, double unit) {
    sql::Stmt q(db_, sql);
    bind(q, lo, hi);
    while (q.step()) add(q.text(0), q.int64(1), static_cast<std::uint64_t>(q.int64(2)), q.int64(3), unit);
  }

  void add(const std::string& id, std::int64_t when, std::uint64_t views, std::int64_t published, double unit) {
    Row& r = rows[id];
    r.views += views;
    r.published = published;
    if (req_.trending) {
      const double age = std::max(0.0, static_cast<double>(to_) - (when + 0.5) * unit);
      r.score += views * std::exp2(-age / (req_.half_life_hours * 3600.0));
    }
  }

  sql::Db& db_;
  const std::string& path_;
  const PopularRequest& req_;
  std::int64_t to_;
  std::string lang_, category_;
};

// The rows by score, ties to the newer article, the top `top` (0: all).
std::vector<Row> ranked(std::unordered_map<std::string, Row>& rows, const PopularRequest& req) {
  std::vector<Row> out;
  out.reserve(rows.size());
  for (auto& [id, r] : rows) {
    r.id = id;
    if (!req.trending) r.score = static_cast<double>(r.views);
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const Row& a, const Row& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.published != b.published) return a.published > b.published;
    return a.id < b.id;
  });
  if (req.top > 0 && out.size() > req.top) out.resize(req.top);
  return out;
}

}  // namespace

ViewsState::ViewsState(const std::string& db_dir)
    : path_((std::filesystem::path(db_dir) / state::kFileName).string()) {}

sql::Db* ViewsState::get() {
  const FileStamp now = stamp_of(path_);
  if (db_ && now.inode == opened_.inode) return db_.get();
  db_.reset();
  if (!now.known()) return nullptr;
  auto db = std::make_unique<sql::Db>(path_, true);
  state::check_version(*db, path_);
  db_ = std::move(db);
  opened_ = now;
  return db_.get();
}

std::unordered_map<std::string, std::string> summaries_by_id(const Xapian::Database& index,
                                                             const std::vector<std::string>& ids) {
  std::unordered_map<std::string, std::string> out;
  for (const std::string& id : ids)
    if (const auto did = store::find_article(index, id))
      out.emplace(id, index.get_document(*did).get_value(schema::kSlotSummary));
  return out;
}

PopularResult find_popular(ViewsState& state, const Xapian::Database& index, const PopularRequest& req,
                           const SummariesById& summaries) {
  PopularResult result;
  result.to = req.at ? *req.at : static_cast<std::int64_t>(std::time(nullptr));
  result.from = req.window_seconds == 0 ? std::numeric_limits<std::int64_t>::min() / 2 : result.to - req.window_seconds;
  sql::Db* db = state.get();
  if (!db) return result;
  Tally tally(*db, state.path(), req, result.to);
  const std::int64_t h0 = ceil_hour(result.from), h1 = ceil_hour(result.to);
  if (req.window_seconds == 0 && !req.trending) {
    tally.all_time(req.top);
  } else if (h1 - h0 <= 48 || req.trending) {
    tally.hours(h0, h1);  // trending weighs each hour by its own age
  } else {
    // Whole days from the daily counts, the partial days at the ends hourly.
    const std::int64_t d0 = (h0 + 23) / 24, d1 = h1 / 24;
    tally.hours(h0, d0 * 24);
    tally.days(d0, d1);
    tally.hours(std::max(d1 * 24, h0), h1);
  }
  // Withheld, canceled and embargoed articles are on no list, as of `at`.
  for (const std::string& id : hidden_ids(index, result.to)) tally.rows.erase(id);
  const std::vector<Row> top = ranked(tally.rows, req);
  std::vector<std::string> ids;
  for (const Row& r : top) ids.push_back(r.id);
  const auto stored = summaries ? summaries(index, ids) : summaries_by_id(index, ids);
  for (const Row& r : top) {
    PopularHit h;
    if (const auto it = stored.find(r.id); it != stored.end())  // else deleted since: shown by id alone
      static_cast<ArticleSummary&>(h) = decode_summary(it->second);
    h.id = r.id;
    h.views = r.views;
    h.score = r.score;
    result.results.push_back(std::move(h));
  }
  return result;
}

}  // namespace newsidx
