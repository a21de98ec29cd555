// Recency blended into a search's score (SearchRequest::fresh).
#pragma once

#include <cstdint>

#include <xapian.h>

namespace newsidx {

// The bonus at age zero, in BM25 units (a strong title match scores about 5-10).
inline constexpr double kFreshWeight = 4.0;

// Weight kFreshWeight * 2^(-age / half-life) from the publication time, to
// add to the score with OP_AND_MAYBE.
class RecencySource : public Xapian::ValuePostingSource {
 public:
  RecencySource(std::int64_t now, double half_life_days);
  double get_weight() const override;
  RecencySource* clone() const override { return new RecencySource(now_, half_life_days_); }
  void init(const Xapian::Database& db) override;
  std::string name() const override { return "newsidx.Recency"; }
  std::string serialise() const override;
  RecencySource* unserialise(const std::string& serialised) const override;

 private:
  std::int64_t now_;
  double half_life_days_;
};

}  // namespace newsidx
