// The project's query pieces that a shard server must know by name to run
// them on its shard (Xapian unserialises them through its Registry).
#pragma once

#include <xapian.h>

namespace newsidx {

Xapian::Registry shard_registry();

}  // namespace newsidx
