// Articles pushed over HTTP (POST, PUT and DELETE /api/articles): the
// bearer-token check, the body's forms, and group commit, so that an answer
// comes only once its articles are on disk and a burst of pushes shares
// commits instead of committing per article.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "newsidx/indexer.h"

namespace newsidx::service {

// The tokens of a token file: one per line, blank lines and # comments
// skipped. Throws Error naming the file when it cannot be read, holds no
// token, or others than its owner may read it (mode & 077).
std::vector<std::string> read_token_file(const std::string& path);

// Whether `given` is one of `tokens`, in time that does not depend on
// where they differ.
bool token_matches(std::string_view given, const std::vector<std::string>& tokens);

// One article of a push body as a line of the article format, or why it
// cannot be one.
struct PushedItem {
  std::string line;
  std::string problem;  // empty: none found yet (the writer checks the line)
};

// The media type that marks a push body as IPTC ninjs.
inline constexpr std::string_view kNinjsMediaType = "application/vnd.iptc.ninjs+json";

// Whether a Content-Type header names ninjs (any letter case, any parameters).
bool is_ninjs_media_type(std::string_view content_type);

// The articles of a body: one JSON object, a JSON array of them, or JSON
// Lines (split_json_items). `ninjs`: each is an IPTC ninjs item, mapped to
// the article format (a mapping problem is the item's problem).
std::vector<PushedItem> pushed_items(std::string_view body, bool ninjs);

// Commits an ArticleWriter for many threads: after its write, a thread calls
// commit_covering(ticket) and returns once a commit holds that write. One
// thread commits for every waiting one, at most every `min_interval`.
class GroupCommit {
 public:
  GroupCommit(ArticleWriter& writer, std::chrono::milliseconds min_interval)
      : writer_(writer), min_interval_(min_interval) {}
  // A ticket for a write just applied.
  std::uint64_t applied();
  // Throws DatabaseError when the commit fails.
  void commit_covering(std::uint64_t ticket);

 private:
  ArticleWriter& writer_;
  const std::chrono::milliseconds min_interval_;
  std::mutex mutex_;
  std::condition_variable committed_cv_;
  std::uint64_t applied_ = 0, committed_ = 0;
  bool committing_ = false;
  std::chrono::steady_clock::time_point last_commit_{};
};

}  // namespace newsidx::service
