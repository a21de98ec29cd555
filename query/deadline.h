// A search's time budget (SearchRequest::time_limit_seconds), bounding
// every step that grows with the index rather than with the page.
#pragma once

#include <chrono>
#include <memory>

#include <xapian.h>

namespace newsidx {

class Deadline {
 public:
  using Clock = std::chrono::steady_clock;
  // 0 seconds: none.
  explicit Deadline(double seconds);
  bool limited() const { return limited_; }
  bool passed() const { return limited_ && Clock::now() >= end_; }
  // Seconds left, at least a millisecond (Xapian takes 0 for "no limit").
  double seconds_left() const;
  Clock::time_point end() const { return end_; }

 private:
  bool limited_;
  Clock::time_point end_;
};

// Every document until the deadline, then the end of the list: used as a
// filter (OP_FILTER), it ends the match, so that Xapian stops reading
// postings there. The page is then of the documents seen so far.
class DeadlineSource : public Xapian::PostingSource {
 public:
  explicit DeadlineSource(Deadline::Clock::time_point end) : end_(end) {}
  DeadlineSource* clone() const override;
  void init(const Xapian::Database& db) override;
  Xapian::doccount get_termfreq_min() const override { return 0; }
  Xapian::doccount get_termfreq_est() const override { return size_; }
  Xapian::doccount get_termfreq_max() const override { return size_; }
  void next(double min_wt) override;
  void skip_to(Xapian::docid did, double min_wt) override;
  bool at_end() const override { return ended_; }
  Xapian::docid get_docid() const override { return current_; }
  // To a shard server: the time left, which it counts from its own clock.
  std::string name() const override { return "newsidx.Deadline"; }
  std::string serialise() const override;
  DeadlineSource* unserialise(const std::string& serialised) const override;

  // Whether it ended a match here (any of its clones: Xapian copies it per
  // shard; a shard server's copy does not say).
  bool cut() const { return *cut_; }

 private:
  void check_clock();

  Deadline::Clock::time_point end_;
  Xapian::docid current_ = 0;
  Xapian::docid last_ = 0;
  Xapian::doccount size_ = 0;
  unsigned calls_ = 0;
  bool ended_ = false;
  std::shared_ptr<bool> cut_ = std::make_shared<bool>(false);
};

}  // namespace newsidx
