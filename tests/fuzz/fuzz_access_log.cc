// libFuzzer target: access-log lines in both formats. A line is a record
// or a problem, never a crash; a record's fields lie inside the line.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "recommend/mostread/access_log.h"

namespace {

bool inside(std::string_view part, std::string_view line) {
  return part.empty() || (part.data() >= line.data() && part.data() + part.size() <= line.data() + line.size());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view line(reinterpret_cast<const char*>(data), size);
  std::string problem;
  newsidx::DayCache day;
  if (const auto r = newsidx::parse_combined(line, problem, day)) {
    if (!inside(r->path, line) || !inside(r->user_agent, line) || !inside(r->ip, line)) __builtin_trap();
    newsidx::is_crawler(r->user_agent);
  } else if (problem.empty()) {
    __builtin_trap();
  }
  problem.clear();
  if (!newsidx::parse_tsv(line, problem) && problem.empty()) __builtin_trap();
  newsidx::url_path(line);
  return 0;
}
