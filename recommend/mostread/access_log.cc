#include "recommend/mostread/access_log.h"

#include <algorithm>
#include <array>
#include <cstring>

#include "common/date.h"

namespace newsidx {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

// UTC offsets run from -12:00 to +14:00.
constexpr int kMaxZoneHours = 14;

int days_in_month(int year, int month) {
  static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : days[month - 1];
}

// "10/Oct/2023:13:55:36 +0500"
std::optional<std::int64_t> parse_log_time(std::string_view t) {
  static constexpr std::array<std::string_view, 12> months = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  int day, year, h, m, s, oh, om;
  if (t.size() != 26 || t[2] != '/' || t[6] != '/' || t[11] != ':' || t[14] != ':' || t[17] != ':' || t[20] != ' ')
    return std::nullopt;
  if (!digits(t, 0, 2, day) || !digits(t, 7, 4, year) || !digits(t, 12, 2, h) || !digits(t, 15, 2, m) ||
      !digits(t, 18, 2, s) || !digits(t, 22, 2, oh) || !digits(t, 24, 2, om))
    return std::nullopt;
  int month = 0;
  while (month < 12 && months[month] != t.substr(3, 3)) ++month;
  if (month == 12 || day < 1 || day > days_in_month(year, month + 1) || h > 23 || m > 59 || s > 60) return std::nullopt;
  const int sign = t[21] == '-' ? -1 : t[21] == '+' ? 1 : 0;
  if (!sign || oh > kMaxZoneHours || om > 59) return std::nullopt;
  return days_from_civil(year, month + 1, day) * 86400 + h * 3600 + m * 60 + s - sign * (oh * 3600 + om * 60);
}

// The usual line, read in one pass with fixed offsets: IP - - [time]
// "GET path HTTP/x.y" status ... "UA". nullopt for anything else, which the
// general parser then reads (and explains when it is malformed): most
// lines of a log take this path, and parsing is most of counting.
std::optional<LogRecord> parse_usual_combined(std::string_view line, DayCache& day) {
  const char* const begin = line.data();
  const char* const end = begin + line.size();
  const char* sp = static_cast<const char*>(std::memchr(begin, ' ', std::min<std::size_t>(line.size(), 64)));
  if (!sp || end - sp < 64 || std::memcmp(sp, " - - [", 6) != 0) return std::nullopt;
  const char* t = sp + 6;  // dd/Mon/yyyy:HH:MM:SS +zzzz
  if (t[26] != ']' || t[27] != ' ' || t[28] != '"' || std::memcmp(t + 29, "GET ", 4) != 0) return std::nullopt;
  // Lines of one file share their date and zone: those are read once.
  char key[18];
  std::memcpy(key, t, 12);
  std::memcpy(key + 12, t + 20, 6);
  if (!day.valid || std::memcmp(key, day.key, 18) != 0) {
    char at_midnight[26];
    std::memcpy(at_midnight, t, 26);
    std::memcpy(at_midnight + 12, "00:00:00", 8);
    const auto midnight = parse_log_time(std::string_view(at_midnight, 26));
    if (!midnight) return std::nullopt;
    std::memcpy(day.key, key, 18);
    day.midnight = *midnight;
    day.valid = true;
  }
  int h, m, sec;
  const std::string_view clock(t + 12, 8);
  if (clock[2] != ':' || clock[5] != ':' || !digits(clock, 0, 2, h) || !digits(clock, 3, 2, m) ||
      !digits(clock, 6, 2, sec) || h > 23 || m > 59 || sec > 60)
    return std::nullopt;
  LogRecord r;
  r.ip = std::string_view(begin, static_cast<std::size_t>(sp - begin));
  r.time = day.midnight + h * 3600 + m * 60 + sec;
  r.method = std::string_view(t + 29, 3);
  const char* path = t + 33;
  // memchr is vectorised: three short ones beat a loop over the path.
  const char* p = static_cast<const char*>(std::memchr(path, ' ', static_cast<std::size_t>(end - path)));
  if (!p) return std::nullopt;
  const auto length = static_cast<std::size_t>(p - path);
  const char* query = static_cast<const char*>(std::memchr(path, '?', length));
  const char* fragment =
      static_cast<const char*>(std::memchr(path, '#', query ? static_cast<std::size_t>(query - path) : length));
  if (fragment) query = fragment;
  if (end - p < 16 || std::memcmp(p + 1, "HTTP/", 5) != 0 || p[9] != '"' || p[10] != ' ') return std::nullopt;
  r.path = std::string_view(path, static_cast<std::size_t>((query ? query : p) - path));
  int status;
  if (!digits(std::string_view(p + 11, 3), 0, 3, status) || p[14] != ' ') return std::nullopt;
  r.status = status;
  if (end[-1] != '"') return std::nullopt;
  const char* ua = static_cast<const char*>(memrchr(p + 14, '"', static_cast<std::size_t>(end - 1 - (p + 14))));
  if (!ua || ua[-1] != ' ' || ua[-2] != '"') return std::nullopt;  // a cut line: the general parser says so
  r.user_agent = std::string_view(ua + 1, static_cast<std::size_t>(end - 1 - (ua + 1)));
  return r;
}

std::string_view strip_query(std::string_view path) {
  const std::size_t cut = path.find_first_of("?#");
  return cut == std::string_view::npos ? path : path.substr(0, cut);
}

}  // namespace

std::optional<LogRecord> parse_combined(std::string_view line, std::string& problem, DayCache& day) {
  if (auto usual = parse_usual_combined(line, day)) return usual;
  LogRecord r;
  const std::size_t sp = line.find(' ');
  const std::size_t open = line.find('[');
  const std::size_t close = open == std::string_view::npos ? open : line.find(']', open);
  if (sp == std::string_view::npos || open == std::string_view::npos || close == std::string_view::npos) {
    problem = "not a combined log line (no [time])";
    return std::nullopt;
  }
  r.ip = line.substr(0, sp);
  const auto time = parse_log_time(line.substr(open + 1, close - open - 1));
  if (!time) {
    problem = "bad time \"" + std::string(line.substr(open + 1, close - open - 1)) + "\"";
    return std::nullopt;
  }
  r.time = *time;
  // "METHOD PATH PROTO" STATUS BYTES "REFERER" "USER-AGENT"
  const std::size_t q1 = line.find('"', close);
  const std::size_t q2 = q1 == std::string_view::npos ? q1 : line.find('"', q1 + 1);
  // The line ends with the quoted User-Agent, after the quoted referer.
  const std::size_t ua_end = line.empty() || line.back() != '"' ? std::string_view::npos : line.size() - 1;
  const std::size_t ua_begin = ua_end == std::string_view::npos || ua_end == 0 ? ua_end : line.rfind('"', ua_end - 1);
  if (q2 == std::string_view::npos || ua_begin == std::string_view::npos || ua_begin <= q2 + 2 ||
      line.compare(ua_begin - 2, 2, "\" ") != 0) {
    problem = "not a combined log line (quoted fields missing)";
    return std::nullopt;
  }
  const std::string_view request = line.substr(q1 + 1, q2 - q1 - 1);
  const std::size_t m_end = request.find(' ');
  const std::size_t p_end = request.rfind(' ');
  if (m_end == std::string_view::npos || p_end == m_end) {
    problem = "bad request \"" + std::string(request.substr(0, 80)) + "\"";
    return std::nullopt;
  }
  r.method = request.substr(0, m_end);
  r.path = strip_query(request.substr(m_end + 1, p_end - m_end - 1));
  int status;
  if (q2 + 5 > line.size() || line[q2 + 1] != ' ' || !digits(line, q2 + 2, 3, status)) {
    problem = "bad status";
    return std::nullopt;
  }
  r.status = status;
  r.user_agent = line.substr(ua_begin + 1, ua_end - ua_begin - 1);
  return r;
}

std::optional<LogRecord> parse_tsv(std::string_view line, std::string& problem) {
  const std::size_t t1 = line.find('\t');
  const std::size_t t2 = t1 == std::string_view::npos ? t1 : line.find('\t', t1 + 1);
  if (t2 == std::string_view::npos || line.find('\t', t2 + 1) != std::string_view::npos) {
    problem = "not three tab-separated fields";
    return std::nullopt;
  }
  LogRecord r;
  std::int64_t t = 0;
  if (t1 == 0 || t1 > 12) {
    problem = "bad unix time";
    return std::nullopt;
  }
  for (std::size_t i = 0; i < t1; ++i) {
    if (line[i] < '0' || line[i] > '9') {
      problem = "bad unix time";
      return std::nullopt;
    }
    t = t * 10 + (line[i] - '0');
  }
  r.time = t;
  r.method = "GET";
  r.status = 200;
  r.path = line.substr(t1 + 1, t2 - t1 - 1);
  r.visitor = line.substr(t2 + 1);
  if (r.path.empty() || r.visitor.empty()) {
    problem = "empty article or visitor id";
    return std::nullopt;
  }
  return r;
}

bool is_crawler(std::string_view ua) {
  static constexpr std::array<std::string_view, 8> marks = {"bot",   "crawl", "spider",  "slurp", "python-requests",
                                                            "curl/", "wget/", "headless"};
  std::string lower(ua);
  for (char& c : lower)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  for (std::string_view mark : marks)
    if (lower.find(mark) != std::string::npos) return true;
  return false;
}

std::string url_path(std::string_view url) {
  const std::size_t scheme = url.find("://");
  if (scheme != std::string_view::npos) {
    const std::size_t slash = url.find('/', scheme + 3);
    url = slash == std::string_view::npos ? std::string_view("/") : url.substr(slash);
  }
  return std::string(strip_query(url));
}

}  // namespace newsidx
