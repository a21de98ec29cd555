#include "service/access_log.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

#include <nlohmann/json.hpp>

#include "newsidx/errors.h"

namespace newsidx::service {

namespace {

// "2026-12-01T21:05:09.123456Z"
std::string utc_time(std::int64_t us) {
  const std::time_t seconds = static_cast<std::time_t>(us / 1000000);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  char buffer[40];
  const std::size_t n = std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%S", &tm);
  std::snprintf(buffer + n, sizeof buffer - n, ".%06lldZ", static_cast<long long>(us % 1000000));
  return buffer;
}

int open_log(const std::string& path) {
  if (path == "-") return ::dup(STDERR_FILENO);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0640);
  if (fd < 0) throw Error("cannot open the access log " + path + ": " + std::strerror(errno));
  return fd;
}

}  // namespace

std::string access_line(const AccessRecord& r, bool with_query) {
  nlohmann::ordered_json line = {
      {"time", utc_time(r.time_us)}, {"request_id", r.request_id}, {"method", r.method},  {"path", r.path},
      {"status", r.status},          {"bytes", r.bytes},           {"us", r.microseconds}};
  if (with_query && !r.query.empty()) line["query"] = r.query;
  return line.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

AccessLog::AccessLog(std::string path, bool log_queries)
    : path_(std::move(path)), log_queries_(log_queries), fd_(open_log(path_)) {}

AccessLog::~AccessLog() { ::close(fd_); }

void AccessLog::write(const AccessRecord& record) {
  const std::string line = access_line(record, log_queries_);
  std::lock_guard<std::mutex> lock(mutex_);
  [[maybe_unused]] const auto n = ::write(fd_, line.data(), line.size());
}

void AccessLog::reopen() {
  const int fresh = open_log(path_);
  std::lock_guard<std::mutex> lock(mutex_);
  ::close(fd_);
  fd_ = fresh;
}

}  // namespace newsidx::service
