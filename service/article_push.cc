#include "service/article_push.h"

#include <sys/stat.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <thread>

#include "newsidx/errors.h"
#include "newsidx/indexer.h"

namespace newsidx::service {

std::vector<std::string> read_token_file(const std::string& path) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) throw Error("cannot read the token file " + path);
  if (st.st_mode & 077) {
    char mode[8];
    std::snprintf(mode, sizeof mode, "%04o", static_cast<unsigned>(st.st_mode & 07777));
    throw Error("the token file " + path + " may be read by others (mode " + mode + "); chmod 600 it");
  }
  std::ifstream in(path);
  if (!in) throw Error("cannot read the token file " + path);
  std::vector<std::string> tokens;
  for (std::string line; std::getline(in, line);) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ' || line.back() == '\t')) line.pop_back();
    const auto start = line.find_first_not_of(" \t");
    if (start == std::string::npos || line[start] == '#') continue;
    tokens.push_back(line.substr(start));
  }
  if (tokens.empty()) throw Error("the token file " + path + " holds no token");
  return tokens;
}

bool token_matches(std::string_view given, const std::vector<std::string>& tokens) {
  bool found = false;
  for (const std::string& token : tokens) {
    // Every byte of the longer is looked at, whatever matches.
    const std::size_t n = std::max(token.size(), given.size());
    unsigned char differ = token.size() != given.size();
    for (std::size_t i = 0; i < n; ++i) {
      const unsigned char a = i < token.size() ? static_cast<unsigned char>(token[i]) : 0;
      const unsigned char b = i < given.size() ? static_cast<unsigned char>(given[i]) : 0;
      differ |= a ^ b;
    }
    found |= differ == 0;
  }
  return found;
}

bool is_ninjs_media_type(std::string_view content_type) {
  const std::string_view type = content_type.substr(0, content_type.find(';'));
  const auto end = type.find_last_not_of(" \t");
  const std::string_view trimmed = type.substr(0, end == std::string_view::npos ? 0 : end + 1);
  return trimmed.size() == kNinjsMediaType.size() &&
         std::equal(trimmed.begin(), trimmed.end(), kNinjsMediaType.begin(),
                    [](char a, char b) { return std::tolower(static_cast<unsigned char>(a)) == b; });
}

std::vector<PushedItem> pushed_items(std::string_view body, bool ninjs) {
  std::vector<PushedItem> items;
  for (const JsonItem& item : split_json_items(body)) {
    if (!ninjs) {
      items.push_back({std::string(item.text), {}});
      continue;
    }
    try {
      items.push_back({article_line_from_ninjs(item.text), {}});
    } catch (const InvalidArgument& e) {
      items.push_back({{}, e.what()});
    }
  }
  return items;
}

std::uint64_t GroupCommit::applied() {
  std::lock_guard<std::mutex> lock(mutex_);
  return ++applied_;
}

void GroupCommit::commit_covering(std::uint64_t ticket) {
  std::unique_lock<std::mutex> lock(mutex_);
  while (committed_ < ticket) {
    if (committing_) {
      committed_cv_.wait(lock);
      continue;
    }
    committing_ = true;
    const auto due = last_commit_ + min_interval_;
    lock.unlock();
    std::this_thread::sleep_until(due);  // writes arriving meanwhile share this commit
    lock.lock();
    const std::uint64_t covers = applied_;
    lock.unlock();
    try {
      writer_.commit();
    } catch (...) {
      lock.lock();
      committing_ = false;
      committed_cv_.notify_all();
      throw;
    }
    lock.lock();
    committing_ = false;
    committed_ = std::max(committed_, covers);
    last_commit_ = std::chrono::steady_clock::now();
    committed_cv_.notify_all();
  }
}

}  // namespace newsidx::service
