// What a shard server (newsidx-shardd) keeps of its shard for every
// connection, so that the query pieces it runs do a search's in-memory work
// where the shard's data is: the document columns (BM25 lengths, facets)
// and the frequent words' bitmaps of one revision.
//
// Xapian's RemoteServer reads a match's query, then its weight, then its
// spies, all on the connection's thread (net/remoteserver.cc, msg_query):
// the query's DocCursor, read first, starts that match's CurrentDoc, which
// the weight (ColumnBM25) and the facet spy read after it share. Where no
// server set them (a client), the pieces do what Xapian's own do.
#pragma once

#include <memory>
#include <string>

#include <xapian.h>

#include "common/doc_bitmap.h"
#include "index/doc_columns.h"

namespace newsidx {

class ShardResources {
 public:
  virtual ~ShardResources() = default;
  // The columns of `db`'s very revision (summaries too), or null
  // while they are being read: the caller then reads Xapian's own.
  virtual std::shared_ptr<const DocColumns> columns(const Xapian::Database& db) = 0;
  // The documents of `db`'s revision that hold `term`.
  virtual std::shared_ptr<const DocBitmap> bitmap(const Xapian::Database& db, const std::string& term) = 0;
};

// Set once by a shard server before it serves; null elsewhere.
void set_shard_resources(ShardResources* resources);
ShardResources* shard_resources();

}  // namespace newsidx
