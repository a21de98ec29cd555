// The "Popular" lists: most-read articles in a window, from the hourly counts.
#pragma once

#include <string>

#include <xapian.h>

#include "newsidx/views.h"

namespace newsidx {

// Counts are per UTC hour, so a window holds the hours that begin within
// [at - window, at). Ties go to the newer article. Empty when no views were
// counted yet.
PopularResult find_popular(const std::string& db_dir, const Xapian::Database& index, const PopularRequest& request);

}  // namespace newsidx
