// The completions index (suggest/suggest_index.h) of the latest commit and
// view counts, shared by all threads. When either changes (or an embargo
// ends) the first caller builds the new one while the others go on with
// the last; the very first is built at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>

#include <xapian.h>

#include "common/file_stamp.h"
#include "index/store.h"
#include "suggest/maintainer.h"

namespace newsidx {

// What an index of completions was built from: a commit, a version of the
// view counts, and the time span over which no embargo ends.
struct SuggestBasis {
  store::CommitId commit;
  FileStamp views, views_log;
  std::int64_t visible_from = 0, visible_until = 0;  // [from, until)
  bool serves(const SuggestBasis& now, std::int64_t at) const {
    return commit == now.commit && views == now.views && views_log == now.views_log && visible_from <= at &&
           at < visible_until;
  }
};

// Brings `maintainer` up to the articles readers may see at `now` in `db`
// with their views of the last 7 days (`views_of` an id), and publishes;
// sets the basis's visible span. Only the articles whose summary, views or
// visibility changed are read again.
std::shared_ptr<const suggest::Index> update_suggestions(suggest::Maintainer& maintainer, const Xapian::Database& db,
                                                         const std::function<std::uint64_t(std::string_view)>& views_of,
                                                         std::int64_t now, SuggestBasis& basis);

class SuggestCache {
 public:
  using Update = std::function<std::shared_ptr<const suggest::Index>(suggest::Maintainer&, SuggestBasis&)>;
  // The index for `basis` at `at`, brought up to date by `update` when
  // there is none yet, or when another thread is not already doing so.
  std::shared_ptr<const suggest::Index> get(const SuggestBasis& basis, std::int64_t at, const Update& update);
  // The memory the completions hold (0 before the first call), in bytes.
  std::size_t memory_bytes();

 private:
  std::mutex mutex_;  // guards the two below
  std::shared_ptr<const suggest::Index> index_;
  SuggestBasis basis_;
  std::mutex update_mutex_;  // guards the maintainer: one update at a time
  suggest::Maintainer maintainer_;
  std::atomic<std::size_t> memory_bytes_{0};
};

}  // namespace newsidx
