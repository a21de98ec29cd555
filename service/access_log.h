// One JSON Lines record per request answered, on standard error or in a
// file: what tools such as jq, Loki or Vector read without a parser of
// their own. A line is written with one write(2) to a file opened for
// appending, so lines of concurrent requests never interleave and a log
// rotated away (renamed) is followed by reopen().
#pragma once

#include <cstdint>
#include <mutex>
#include <string>

namespace newsidx::service {

struct AccessRecord {
  std::int64_t time_us = 0;  // when the request was whole (unix microseconds)
  std::string request_id;
  std::string method;
  std::string path;   // without the query string
  std::string query;  // the query string, logged only with log_queries
  int status = 0;
  std::size_t bytes = 0;  // of the body answered
  std::int64_t microseconds = 0;
};

class AccessLog {
 public:
  // "-" is standard error; otherwise the file is created (mode 0640) or
  // appended to. Throws Error naming the file when it cannot be opened.
  AccessLog(std::string path, bool log_queries);
  ~AccessLog();
  AccessLog(const AccessLog&) = delete;
  AccessLog& operator=(const AccessLog&) = delete;

  void write(const AccessRecord& record);
  // Opens the file again by its name (after logrotate renamed it).
  void reopen();

 private:
  std::string path_;
  bool log_queries_;
  std::mutex mutex_;  // guards fd_ across reopen()
  int fd_ = -1;
};

// The record as one JSON line ("\n" included).
std::string access_line(const AccessRecord& record, bool with_query);

}  // namespace newsidx::service
