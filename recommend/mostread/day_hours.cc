#include "recommend/mostread/day_hours.h"

#include <sqlite3.h>

#include "common/varint.h"
#include "recommend/mostread/sqlite.h"

namespace newsidx {
namespace {

std::string_view blob_of(sqlite3_value* v) {
  const void* data = sqlite3_value_blob(v);
  return {static_cast<const char*>(data), static_cast<std::size_t>(sqlite3_value_bytes(v))};
}

void merge_hours(sqlite3_context* ctx, int, sqlite3_value** args) {
  DayHours hours{};
  if (!add_hours(blob_of(args[0]), hours) || !add_hours(blob_of(args[1]), hours)) {
    sqlite3_result_error(ctx, "damaged hourly views", -1);
    return;
  }
  const std::string merged = encode_hours(hours);
  sqlite3_result_blob(ctx, merged.data(), static_cast<int>(merged.size()), SQLITE_TRANSIENT);
}

}  // namespace

std::string encode_hours(const DayHours& hours) {
  std::string out;
  for (std::size_t h = 0; h < hours.size(); ++h) {
    if (hours[h] == 0) continue;
    out += static_cast<char>(h);
    append_varint(out, hours[h]);
  }
  return out;
}

bool add_hours(std::string_view stored, DayHours& hours) {
  for (std::size_t at = 0; at < stored.size();) {
    const auto hour = static_cast<unsigned char>(stored[at++]);
    if (hour >= hours.size()) return false;
    std::uint64_t views = 0;
    if (!read_varint(stored, at, views)) return false;
    hours[hour] += views;
  }
  return true;
}

void DayRowWriter::add(std::int64_t hour, std::string_view article_id, std::uint64_t views) {
  const std::int64_t day = hour / 24;
  if (day != day_ || article_id != article_id_) {
    finish();
    day_ = day;
    article_id_.assign(article_id);
  }
  hours_[static_cast<std::size_t>(hour - day * 24)] += views;
  views_ += views;
}

void DayRowWriter::finish() {
  if (day_ < 0) return;
  put_.bind(1, day_)
      .bind(2, std::string_view(article_id_))
      .bind(3, static_cast<std::int64_t>(views_))
      .bind_blob(4, encode_hours(hours_));
  put_.step();
  put_.reset();
  day_ = -1;
  hours_ = DayHours{};
  views_ = 0;
}

void register_merge_hours(sql::Db& db) {
  if (sqlite3_create_function(db.handle(), "newsidx_merge_hours", 2, SQLITE_UTF8 | SQLITE_DETERMINISTIC, nullptr,
                              merge_hours, nullptr, nullptr) != SQLITE_OK)
    db.fail("cannot register newsidx_merge_hours");
}

}  // namespace newsidx
