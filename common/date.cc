#include "common/date.h"

#include "newsidx/time.h"

#include <algorithm>
#include <cstdio>

namespace newsidx {
namespace {

bool read_digits(std::string_view s, std::size_t& pos, int count, int& out) {
  if (pos + count > s.size()) return false;
  out = 0;
  for (int i = 0; i < count; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += count;
  return true;
}

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

}  // namespace

// Howard Hinnant's days_from_civil.
std::int64_t days_from_civil(int y, int m, int d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

CivilDate civil_from_unix(std::int64_t t) {
  std::int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const int d = static_cast<int>(doy - (153 * mp + 2) / 5 + 1);
  const int m = static_cast<int>(mp < 10 ? mp + 3 : mp - 9);
  const int y = static_cast<int>(yoe + era * 400) + (m <= 2);
  return {y, m, d};
}

std::string format_iso8601_utc(std::int64_t t) {
  const CivilDate c = civil_from_unix(t);
  const std::int64_t secs = ((t % 86400) + 86400) % 86400;
  char buf[32];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year, c.month, c.day,
                static_cast<int>(secs / 3600), static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return buf;
}

std::string format_day(std::int64_t t) {
  const CivilDate c = civil_from_unix(t);
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d%02d%02d", c.year, c.month, c.day);
  return buf;
}

std::optional<std::int64_t> parse_iso8601(std::string_view s) {
  std::size_t p = 0;
  int y, mo, d, h, mi, sec = 0;
  if (!read_digits(s, p, 4, y) || p >= s.size() || s[p++] != '-') return std::nullopt;
  if (!read_digits(s, p, 2, mo) || p >= s.size() || s[p++] != '-') return std::nullopt;
  if (!read_digits(s, p, 2, d) || p >= s.size() || (s[p] != 'T' && s[p] != 't' && s[p] != ' ')) return std::nullopt;
  ++p;
  if (!read_digits(s, p, 2, h) || p >= s.size() || s[p++] != ':') return std::nullopt;
  if (!read_digits(s, p, 2, mi)) return std::nullopt;
  if (p < s.size() && s[p] == ':') {
    ++p;
    if (!read_digits(s, p, 2, sec)) return std::nullopt;
    if (p < s.size() && (s[p] == '.' || s[p] == ',')) {
      ++p;
      const std::size_t digits_start = p;
      while (p < s.size() && s[p] >= '0' && s[p] <= '9') ++p;
      if (p == digits_start) return std::nullopt;
    }
  }
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60) return std::nullopt;
  int offset = 0;
  if (p < s.size() && (s[p] == 'Z' || s[p] == 'z')) {
    ++p;
  } else if (p < s.size() && (s[p] == '+' || s[p] == '-')) {
    const int sign = s[p++] == '-' ? -1 : 1;
    int oh, om;
    if (!read_digits(s, p, 2, oh)) return std::nullopt;
    if (p < s.size() && s[p] == ':') ++p;
    if (!read_digits(s, p, 2, om) || oh > 23 || om > 59) return std::nullopt;
    offset = sign * (oh * 3600 + om * 60);
  } else {
    return std::nullopt;  // a time without a zone is ambiguous
  }
  if (p != s.size()) return std::nullopt;
  return days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + std::min(sec, 59) - offset;
}

std::optional<std::int64_t> parse_date_bound(std::string_view text, bool end) {
  int parts[3] = {0, 1, 1};
  int count = 0;
  std::size_t pos = 0;
  while (count < 3) {
    const std::size_t width = count == 0 ? 4 : 2;
    if (pos + width > text.size()) return std::nullopt;
    int v = 0;
    for (std::size_t k = 0; k < width; ++k) {
      const char c = text[pos + k];
      if (c < '0' || c > '9') return std::nullopt;
      v = v * 10 + (c - '0');
    }
    parts[count++] = v;
    pos += width;
    if (pos == text.size()) break;
    if (text[pos++] != '-') return std::nullopt;
  }
  if (pos != text.size()) return std::nullopt;
  const int y = parts[0], m = parts[1], d = parts[2];
  if (m < 1 || m > 12 || d < 1 || d > 31) return std::nullopt;
  // Validate the day through a round trip.
  const std::int64_t day = days_from_civil(y, m, d);
  const CivilDate back = civil_from_unix(day * 86400);
  if (back.month != m || back.day != d) return std::nullopt;
  if (!end) return day * 86400;
  std::int64_t last_day = day;
  if (count == 1) last_day = days_from_civil(y + 1, 1, 1) - 1;
  else if (count == 2) last_day = (m == 12 ? days_from_civil(y + 1, 1, 1) : days_from_civil(y, m + 1, 1)) - 1;
  return last_day * 86400 + 86399;
}

std::optional<std::int64_t> parse_iso8601_time(const std::string& text) { return parse_iso8601(text); }

std::optional<std::int64_t> parse_time_or_unix(const std::string& text) {
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  if (!digits) return parse_iso8601(text);
  if (text.size() > 12) return std::nullopt;  // beyond the year 33658
  return std::stoll(text);
}

std::optional<std::int64_t> parse_window(const std::string& text) {
  if (text == "all") return 0;
  if (text.empty()) return std::nullopt;
  std::int64_t n = 0;
  std::size_t i = 0;
  for (; i < text.size() && text[i] >= '0' && text[i] <= '9'; ++i) {
    n = n * 10 + (text[i] - '0');
    if (n > 100000000000LL) return std::nullopt;
  }
  if (i == 0 || n == 0) return std::nullopt;
  const std::string unit = text.substr(i);
  if (unit.empty() || unit == "s") return n;
  if (unit == "m") return n * 60;
  if (unit == "h") return n * 3600;
  if (unit == "d") return n * 86400;
  return std::nullopt;
}

}  // namespace newsidx
