#include "query/expansion.h"

#include <algorithm>
#include <cmath>

namespace newsidx {
namespace {

constexpr double kExpandK = 1.0;  // Xapian's default

// An ESet entry in Xapian's order: heavier first, then the greater term.
struct Weighed {
  double weight;
  std::string term;
  bool operator<(const Weighed& o) const { return weight > o.weight || (weight == o.weight && term > o.term); }
};

// Xapian's TradEWeight (expand/tradeweight.cc), in its order of operations
// so that it is the same double.
double trad_weight(const ExpandStats& s, Xapian::doccount articles, Xapian::doccount freq,
                   Xapian::doccount relevant_documents) {
  const double without = relevant_documents - s.relevant;
  const double num = (s.relevant + 0.5) * (articles - freq - without + 0.5);
  const double denom = (freq - s.relevant + 0.5) * (without + 0.5);
  return s.multiplier * std::log(num / denom);
}

}  // namespace

void add_relevant(ExpandTerms& terms, const std::vector<std::pair<std::string, Xapian::termcount>>& words,
                  Xapian::termcount length, double average_length) {
  for (const auto& [term, term_wdf] : words) {
    const double wdf = std::max<Xapian::termcount>(term_wdf, 1);  // as Xapian counts a boolean term
    ExpandStats& s = terms[term];
    ++s.relevant;
    s.multiplier += (kExpandK + 1) * wdf / (kExpandK * length / average_length + wdf);
  }
}

std::vector<std::pair<std::string, double>> expand(const ExpandTerms& terms,
                                                   const std::unordered_map<std::string, Xapian::doccount>& freqs,
                                                   Xapian::doccount articles, Xapian::doccount relevant_documents,
                                                   Xapian::termcount most) {
  if (most == 0) return {};
  std::vector<Weighed> kept;
  double lightest = 0;
  for (const auto& [term, stats] : terms) {
    const double weight = trad_weight(stats, articles, freqs.at(term), relevant_documents);
    if (weight <= lightest) continue;
    kept.push_back(Weighed{weight, term});
    if (kept.size() <= most) continue;
    std::sort(kept.begin(), kept.end());
    kept.pop_back();
    lightest = kept.back().weight;
  }
  std::sort(kept.begin(), kept.end());
  std::vector<std::pair<std::string, double>> out;
  for (Weighed& w : kept) out.emplace_back(std::move(w.term), w.weight);
  return out;
}

}  // namespace newsidx
