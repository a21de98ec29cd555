#include "query/edition_mix.h"

#include <algorithm>
#include <numeric>

namespace newsidx {

std::vector<std::size_t> mixed_order(std::size_t matches, const std::function<std::string(std::size_t)>& edition_of,
                                     const std::vector<double>& scores) {
  std::vector<std::size_t> order(matches);
  std::iota(order.begin(), order.end(), 0);
  if (matches <= kMixFirstPage || !(scores[0] > 0)) return order;
  const std::string first = edition_of(0);
  for (std::size_t i = 1; i < kMixFirstPage; ++i)
    if (edition_of(i) != first) return order;
  std::vector<std::size_t> promoted;  // indexes, in rank order
  std::vector<std::string> seen{first};
  const std::size_t window = std::min(matches, kMixWindow);
  for (std::size_t i = kMixFirstPage; i < window && promoted.size() < kMixMostEditions; ++i) {
    if (scores[i] < kMixMinShare * scores[0]) break;  // in rank order: none after it is strong either
    std::string edition = edition_of(i);
    if (std::find(seen.begin(), seen.end(), edition) != seen.end()) continue;
    seen.push_back(std::move(edition));
    promoted.push_back(i);
  }
  if (promoted.empty()) return order;
  for (std::size_t i : promoted) order.erase(std::find(order.begin(), order.end(), i));
  order.insert(order.begin() + static_cast<std::ptrdiff_t>(kMixFirstPage - promoted.size()), promoted.begin(),
               promoted.end());
  return order;
}

}  // namespace newsidx
