#include "service/metrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <sstream>
#include <vector>

namespace newsidx::service {

namespace {

std::string number(double v) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", v);
  return buffer;
}

void family(std::string& out, const char* name, const char* type, const char* help) {
  out += std::string("# HELP ") + name + " " + help + "\n# TYPE " + name + " " + type + "\n";
}

void sample(std::string& out, const std::string& name, const std::string& labels, double value) {
  out += name;
  if (!labels.empty()) out += "{" + labels + "}";
  out += " " + number(value) + "\n";
}

void gauge(std::string& out, const char* name, const char* help, double value) {
  family(out, name, "gauge", help);
  sample(out, name, "", value);
}

std::string label(const char* name, const std::string& value) {
  return std::string(name) + "=\"" + label_value(value) + "\"";
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

// The last part of a generation's path ("xapian-000003"); a remote copy's name as it is.
std::string generation_name(const std::string& generation) {
  if (generation.rfind("remote ", 0) == 0) return generation;
  const auto slash = generation.find_last_of('/');
  return slash == std::string::npos ? generation : generation.substr(slash + 1);
}

void render_index(std::string& out, const SearcherStatus& s) {
  family(out, "newsidx_index_articles", "gauge", "Articles in the index, by edition.");
  for (const auto& [lang, n] : s.articles_by_language)
    sample(out, "newsidx_index_articles", label("lang", lang), static_cast<double>(n));
  const double now = now_seconds();
  gauge(out, "newsidx_index_last_commit_timestamp_seconds", "When the index served was last committed (unix time).",
        static_cast<double>(s.index.last_commit));
  gauge(out, "newsidx_index_last_commit_age_seconds", "Seconds since the index served was last committed.",
        s.index.last_commit ? now - static_cast<double>(s.index.last_commit) : 0);
  gauge(out, "newsidx_views_last_commit_timestamp_seconds",
        "When view counts were last committed (unix time; 0: never).", static_cast<double>(s.last_views_commit));
  gauge(out, "newsidx_views_last_commit_age_seconds", "Seconds since view counts were last committed (0: never).",
        s.last_views_commit ? now - static_cast<double>(s.last_views_commit) : 0);
  family(out, "newsidx_index_revision", "gauge", "The Xapian revision served, by shard and generation.");
  for (std::size_t k = 0; k < s.index.generations.size() && k < s.index.revisions.size(); ++k)
    sample(out, "newsidx_index_revision",
           label("shard", std::to_string(k)) + "," + label("generation", generation_name(s.index.generations[k])),
           static_cast<double>(s.index.revisions[k]));
  gauge(out, "newsidx_column_memory_bytes", "Memory of the document columns held.",
        static_cast<double>(s.column_bytes));
  gauge(out, "newsidx_bitmap_memory_bytes", "Memory of the frequent-word bitmaps held.",
        static_cast<double>(s.bitmap_bytes));
  gauge(out, "newsidx_suggest_memory_bytes", "Memory of the completions held (0 before the first).",
        static_cast<double>(s.suggest_bytes));
}

void render_process(std::string& out) {
  const ProcessFigures p = process_figures();
  family(out, "process_cpu_seconds_total", "counter", "User and system CPU time spent, in seconds.");
  sample(out, "process_cpu_seconds_total", "", p.cpu_seconds);
  gauge(out, "process_resident_memory_bytes", "Resident memory size in bytes.", p.resident_bytes);
  gauge(out, "process_virtual_memory_bytes", "Virtual memory size in bytes.", p.virtual_bytes);
  gauge(out, "process_open_fds", "Open file descriptors.", p.open_fds);
  gauge(out, "process_max_fds", "The most file descriptors the process may open.", p.max_fds);
  gauge(out, "process_start_time_seconds", "When the process started (unix time).", p.start_time_seconds);
}

}  // namespace

std::string label_value(const std::string& value) {
  std::string out;
  for (const char c : value) {
    if (c == '\\') out += "\\\\";
    else if (c == '"') out += "\\\"";
    else if (c == '\n') out += "\\n";
    else out += c;
  }
  return out;
}

void ServiceMetrics::end(const std::string& endpoint, int status, double seconds) {
  in_flight_.fetch_sub(1, std::memory_order_relaxed);
  std::size_t bucket = 0;
  while (bucket < kLatencyBuckets.size() && seconds > kLatencyBuckets[bucket]) ++bucket;
  std::lock_guard<std::mutex> lock(mutex_);
  Histogram& h = requests_[{endpoint, status}];
  if (bucket < kLatencyBuckets.size()) ++h.buckets[bucket];
  ++h.count;
  h.sum += seconds;
}

void ServiceMetrics::refused(int status) {
  std::lock_guard<std::mutex> lock(mutex_);
  ++refused_[status];
}

std::string ServiceMetrics::render(const SearcherStatus* status, bool ready) const {
  std::string out;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    family(out, "newsidx_http_requests_total", "counter", "Requests answered, by endpoint and status.");
    for (const auto& [key, h] : requests_)
      sample(out, "newsidx_http_requests_total",
             label("endpoint", key.first) + "," + label("status", std::to_string(key.second)),
             static_cast<double>(h.count));
    family(out, "newsidx_http_request_duration_seconds", "histogram",
           "Time from a whole request to its answer, by endpoint and status.");
    for (const auto& [key, h] : requests_) {
      const std::string labels = label("endpoint", key.first) + "," + label("status", std::to_string(key.second));
      std::uint64_t cumulative = 0;
      for (std::size_t b = 0; b < kLatencyBuckets.size(); ++b) {
        cumulative += h.buckets[b];
        sample(out, "newsidx_http_request_duration_seconds_bucket",
               labels + "," + label("le", number(kLatencyBuckets[b])), static_cast<double>(cumulative));
      }
      sample(out, "newsidx_http_request_duration_seconds_bucket", labels + ",le=\"+Inf\"",
             static_cast<double>(h.count));
      sample(out, "newsidx_http_request_duration_seconds_sum", labels, h.sum);
      sample(out, "newsidx_http_request_duration_seconds_count", labels, static_cast<double>(h.count));
    }
    family(out, "newsidx_http_requests_refused_total", "counter",
           "Requests answered before they reached an endpoint (malformed, too large, too slow, too many), by status.");
    for (const auto& [code, n] : refused_)
      sample(out, "newsidx_http_requests_refused_total", label("status", std::to_string(code)), static_cast<double>(n));
  }
  gauge(out, "newsidx_http_requests_in_flight", "Requests being answered now.",
        static_cast<double>(in_flight_.load(std::memory_order_relaxed)));
  gauge(out, "newsidx_ready", "1 when the index is open and its columns loaded (GET /readyz answers 200).",
        ready ? 1 : 0);
  if (status) render_index(out, *status);
  render_process(out);
  return out;
}

ProcessFigures process_figures() {
  ProcessFigures p;
  const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
  std::ifstream stat_file("/proc/self/stat");
  std::string line;
  std::getline(stat_file, line);
  // The command name (field 2) may hold spaces: the fields after it follow its ')'.
  const auto close = line.rfind(')');
  if (close != std::string::npos) {
    std::istringstream fields(line.substr(close + 2));
    std::vector<std::string> f{std::istream_iterator<std::string>(fields), std::istream_iterator<std::string>()};
    // f[0] is field 3 (state): utime 14, stime 15, starttime 22, vsize 23, rss 24.
    if (f.size() > 21) {
      p.cpu_seconds = (std::stod(f[11]) + std::stod(f[12])) / tick;
      p.virtual_bytes = std::stod(f[20]);
      p.resident_bytes = std::stod(f[21]) * static_cast<double>(::sysconf(_SC_PAGESIZE));
      std::ifstream system_stat("/proc/stat");
      for (std::string key; system_stat >> key;) {
        if (key == "btime") {
          double boot = 0;
          system_stat >> boot;
          p.start_time_seconds = boot + std::stod(f[19]) / tick;
          break;
        }
        std::getline(system_stat, line);
      }
    }
  }
  if (DIR* fds = ::opendir("/proc/self/fd")) {
    for (dirent* e; (e = ::readdir(fds));)
      if (e->d_name[0] != '.') ++p.open_fds;
    ::closedir(fds);
    --p.open_fds;  // the one opendir holds
  }
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0) p.max_fds = static_cast<double>(limit.rlim_cur);
  return p;
}

}  // namespace newsidx::service
