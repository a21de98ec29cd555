// Parsing access-log lines without copying: the fields are views into the line.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace newsidx {

struct LogRecord {
  std::int64_t time = 0;     // unix seconds (UTC)
  std::string_view method;   // combined format only
  std::string_view path;     // without query string and fragment; TSV: the article id
  int status = 0;            // combined format only
  std::string_view visitor;  // TSV: the visitor id; combined: empty (see ip, user_agent)
  std::string_view ip;
  std::string_view user_agent;
};

// The last date and zone read ("dd/Mon/yyyy:" and " +zzzz") and its
// midnight: the lines of a log share them, so each is parsed once.
struct DayCache {
  char key[18] = {};
  std::int64_t midnight = 0;
  bool valid = false;
};

// nginx/Apache "combined": IP - USER [dd/Mon/yyyy:HH:MM:SS +zzzz] "METHOD PATH PROTO" STATUS BYTES "REFERER" "UA".
// Returns nullopt and sets `problem` for a line that is not one.
std::optional<LogRecord> parse_combined(std::string_view line, std::string& problem, DayCache& day);

// unix_seconds<TAB>article_id<TAB>visitor_id
std::optional<LogRecord> parse_tsv(std::string_view line, std::string& problem);

// True when a User-Agent is a crawler or script (bot, crawl, spider, slurp,
// python-requests, curl/, wget/, headless; any case).
bool is_crawler(std::string_view user_agent);

// The path of an article url: scheme and host dropped, query and fragment
// too ("https://ria.ru/a/b.html?x" -> "/a/b.html"); "/" for a bare host.
std::string url_path(std::string_view url);

}  // namespace newsidx
