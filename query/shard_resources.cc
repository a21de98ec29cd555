#include "query/shard_resources.h"

#include <atomic>

namespace newsidx {
namespace {

std::atomic<ShardResources*> resources{nullptr};

}  // namespace

void set_shard_resources(ShardResources* r) { resources = r; }

ShardResources* shard_resources() { return resources; }

}  // namespace newsidx
