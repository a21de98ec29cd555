// An article's views in one UTC day, hour by hour, as state.sqlite keeps
// them: one row per article and day (views_daily.hours) instead of a row
// per hour, so that counting a log writes a row per article-day.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsidx::sql {
class Db;
class Stmt;
}  // namespace newsidx::sql

namespace newsidx {

using DayHours = std::array<std::uint64_t, 24>;  // views by hour of the day

// The stored form: (hour, views as a varint) for each hour with views, in
// hour order.
std::string encode_hours(const DayHours& hours);

// Adds a stored form's views into `hours`. False when it is damaged (then
// `hours` may hold part of it).
bool add_hours(std::string_view stored, DayHours& hours);

// Writes hourly views, given in (day, article) order, as one row per
// article and day through `put`, whose parameters are (day, article_id,
// views, hours): the counter's upsert and the schema-2 upgrade's insert.
class DayRowWriter {
 public:
  explicit DayRowWriter(sql::Stmt& put) : put_(put) {}
  // `hour` is unix seconds / 3600, not negative.
  void add(std::int64_t hour, std::string_view article_id, std::uint64_t views);
  // Writes the last row.
  void finish();

 private:
  sql::Stmt& put_;
  std::int64_t day_ = -1;  // -1: no row begun
  std::string article_id_;
  DayHours hours_{};
  std::uint64_t views_ = 0;
};

// Registers newsidx_merge_hours(a, b), the stored form of a's and b's views
// added up, for the counter's upsert. A damaged argument is an SQL error.
void register_merge_hours(sql::Db& db);

}  // namespace newsidx
