// "Popular" latency over a year of hourly counts: fills the state database of
// an index's directory with views for every article (each read for three
// days after publication, hour by hour, as news is), then times popular()
// for each window, all editions and one, 200 times each.
//
//   bench_popular NEWSIDX_DB
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include <sqlite3.h>
#include <xapian.h>

#include "newsidx/searcher.h"
#include "newsidx/views.h"

namespace {

void exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::fprintf(stderr, "sqlite: %s\n", err);
    std::exit(1);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: bench_popular NEWSIDX_DB\n");
    return 2;
  }
  const std::string dir = argv[1];
  const std::string state = dir + "/state.sqlite";
  std::int64_t newest = 0;
  if (!std::filesystem::exists(state)) {
    // Let the library create the schema and the articles table, then add
    // the counts directly.
    const std::string empty = dir + "/empty.log";
    std::fclose(std::fopen(empty.c_str(), "w"));
    newsidx::ViewCounter(dir).add_logs({empty});
    sqlite3* db;
    sqlite3_open(state.c_str(), &db);
    exec(db, "BEGIN");
    sqlite3_stmt* articles;
    sqlite3_prepare_v2(db, "SELECT article_id, published FROM articles", -1, &articles, nullptr);
    // Written as schema 2's hourly rows, which the counter upgrades to day rows.
    exec(db,
         "CREATE TABLE views_hourly(hour INTEGER NOT NULL, article_id TEXT NOT NULL, views INTEGER NOT NULL,"
         " PRIMARY KEY(hour, article_id)) WITHOUT ROWID");
    sqlite3_stmt* put;
    sqlite3_prepare_v2(db, "INSERT OR IGNORE INTO views_hourly VALUES(?, ?, ?)", -1, &put, nullptr);
    std::mt19937 rng(7);
    std::size_t rows = 0;
    while (sqlite3_step(articles) == SQLITE_ROW) {
      const std::string id = reinterpret_cast<const char*>(sqlite3_column_text(articles, 0));
      const std::int64_t hour = sqlite3_column_int64(articles, 1) / 3600;
      const double popularity = 1 + rng() % 1000;
      for (int h = 0; h < 72; ++h) {
        const auto views = static_cast<std::int64_t>(popularity * std::exp2(-h / 36.0) * (0.5 + (rng() % 100) / 100.0));
        if (views == 0) continue;
        sqlite3_bind_int64(put, 1, hour + h);
        sqlite3_bind_text(put, 2, id.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_int64(put, 3, views);
        sqlite3_step(put);
        sqlite3_reset(put);
        ++rows;
      }
    }
    sqlite3_finalize(articles);
    sqlite3_finalize(put);
    exec(db,
         "INSERT INTO views_total SELECT article_id, SUM(views) FROM views_hourly GROUP BY 1;"
         "UPDATE meta SET value = '2' WHERE key = 'schema'");
    exec(db, "COMMIT");
    sqlite3_close(db);
    newsidx::ViewCounter(dir).add_logs({empty});
    std::fprintf(stderr, "%zu hourly counts written\n", rows);
  }
  {
    sqlite3* db;
    sqlite3_open(state.c_str(), &db);
    sqlite3_stmt* q;
    sqlite3_prepare_v2(db, "SELECT MAX(day), COUNT(*), COUNT(DISTINCT article_id) FROM views_daily", -1, &q, nullptr);
    sqlite3_step(q);
    newest = (sqlite3_column_int64(q, 0) + 1) * 86400;  // the end of the last day with views
    std::printf("%lld day rows for %lld articles\n", static_cast<long long>(sqlite3_column_int64(q, 1)),
                static_cast<long long>(sqlite3_column_int64(q, 2)));
    sqlite3_finalize(q);
    sqlite3_close(db);
  }
  newsidx::Searcher searcher(dir);
  std::printf("%-8s %-6s %9s %9s\n", "window", "lang", "p50 ms", "p99 ms");
  for (const char* window : {"1h", "24h", "7d", "30d", "all"}) {
    for (const char* lang : {"", "ru"}) {
      std::vector<double> ms;
      for (int i = 0; i < 100; ++i) {
        newsidx::PopularRequest r;
        r.window_seconds = *newsidx::parse_window(window);
        r.at = newest - (i % 50) * 3 * 86400;  // windows ending across the year
        if (*lang) r.lang = lang;
        const auto t0 = std::chrono::steady_clock::now();
        searcher.popular(r);
        ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
      }
      std::sort(ms.begin(), ms.end());
      std::printf("%-8s %-6s %9.3f %9.3f\n", window, *lang ? lang : "all", ms[ms.size() / 2], ms[ms.size() * 99 / 100]);
    }
  }
}
