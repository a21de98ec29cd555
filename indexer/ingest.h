// One `add` run: reads and validates lines on the calling thread, builds and
// writes documents on worker threads.
//
// Into an empty index the load is a bulk load: each worker writes its own
// shard (articles go to a shard by a hash of their id, so a repeated id
// replaces within its shard), and the shards are compacted into a new
// generation that is published at the end. Into an existing index one worker
// writes, committing every IndexerOptions::commit_every articles.
#pragma once

#include <string>
#include <vector>

#include "newsidx/indexer.h"

namespace newsidx {

IngestReport run_ingest(const std::string& dir, const IndexerOptions& options, const std::vector<std::string>& files);

}  // namespace newsidx
