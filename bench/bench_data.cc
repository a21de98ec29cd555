#include "bench/bench_data.h"

#include <zlib.h>
#include <filesystem>

#include <nlohmann/json.hpp>

namespace newsidx::bench {

std::vector<std::string> read_lines(const std::string& path, std::size_t limit) {
  std::vector<std::string> lines;
  gzFile f = gzopen(path.c_str(), "rb");
  if (!f) return lines;
  std::string line;
  char buf[1 << 16];
  while (lines.size() < limit && gzgets(f, buf, sizeof buf)) {
    line += buf;
    if (!line.empty() && line.back() == '\n') {
      line.pop_back();
      if (!line.empty()) lines.push_back(line);
      line.clear();
    }
  }
  gzclose(f);
  return lines;
}

std::string sample_path() { return NEWSIDX_SOURCE_DIR "/data/articles.jsonl"; }
bool shared_available() { return std::filesystem::exists(NEWSIDX_SHARED_DIR "/corpora/README.md"); }
std::string shared_path(const std::string& relative) { return NEWSIDX_SHARED_DIR "/" + relative; }

std::map<std::string, std::string> text_per_language() {
  std::vector<std::string> lines = read_lines(sample_path());
  if (shared_available()) {
    for (const char* f : {"ru-ria", "en-bbc", "kk-latn-kazinform", "zh-thucnews-titles"}) {
      auto more = read_lines(shared_path(std::string("corpora/") + f + ".jsonl.gz"), 500);
      lines.insert(lines.end(), more.begin(), more.end());
    }
  }
  std::map<std::string, std::string> text;
  for (const auto& line : lines) {
    const auto a = nlohmann::json::parse(line);
    std::string& t = text[a["lang"].get<std::string>()];
    for (const char* field : {"title", "lead", "body"})
      if (a.contains(field) && a[field].is_string()) t += a[field].get<std::string>() + "\n";
  }
  return text;
}

}  // namespace newsidx::bench
