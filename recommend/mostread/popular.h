// The "Popular" lists: most-read articles in a window, from the hourly counts.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <xapian.h>

#include "common/file_stamp.h"
#include "newsidx/views.h"
#include "recommend/mostread/sqlite.h"

namespace newsidx {

// DIR/state.sqlite kept open for reading, by one thread at a time. SQLite's
// WAL shows each new commit of `newsindex views` to the next read; a file
// replaced (deleted and counted again) is opened anew, and its schema
// version checked once per opening.
class ViewsState {
 public:
  explicit ViewsState(const std::string& db_dir);
  // The open state, or null when no views were counted yet. Throws
  // DatabaseError for a damaged file or one of another schema version.
  sql::Db* get();
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  FileStamp opened_;
  std::unique_ptr<sql::Db> db_;
};

// The stored result summaries of those of `ids` the index has, by id.
using SummariesById =
    std::function<std::unordered_map<std::string, std::string>(const Xapian::Database&, const std::vector<std::string>&)>;

// Looked up one id at a time (over shard servers a round trip per shard
// for each, and one for each document: give them a SummariesById then).
std::unordered_map<std::string, std::string> summaries_by_id(const Xapian::Database& index,
                                                             const std::vector<std::string>& ids);

// Counts are per UTC hour, so a window holds the hours that begin within
// [at - window, at). Ties go to the newer article. Empty when no views were
// counted yet. The list's summaries come from `summaries` (summaries_by_id
// if none).
PopularResult find_popular(ViewsState& state, const Xapian::Database& index, const PopularRequest& request,
                           const SummariesById& summaries = nullptr);

}  // namespace newsidx
