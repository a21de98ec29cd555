#include "query/deadline.h"

#include <algorithm>

#include "query/wire.h"

namespace newsidx {

Deadline::Deadline(double seconds)
    : limited_(seconds > 0),
      end_(Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds))) {}

double Deadline::seconds_left() const {
  return std::max(0.001, std::chrono::duration<double>(end_ - Clock::now()).count());
}

std::string DeadlineSource::serialise() const {
  std::string out;
  wire::put_number(out, std::max(0.0, std::chrono::duration<double>(end_ - Deadline::Clock::now()).count()));
  return out;
}

DeadlineSource* DeadlineSource::unserialise(const std::string& serialised) const {
  wire::Reader in(serialised);
  const double seconds = in.number();
  in.expect_done();
  if (!(seconds >= 0 && seconds < 1e6)) throw Xapian::SerialisationError("newsidx: a deadline out of range");
  return new DeadlineSource(Deadline::Clock::now() + std::chrono::duration_cast<Deadline::Clock::duration>(
                                                         std::chrono::duration<double>(seconds)));
}

DeadlineSource* DeadlineSource::clone() const {
  auto* copy = new DeadlineSource(end_);
  copy->cut_ = cut_;
  return copy;
}

void DeadlineSource::init(const Xapian::Database& db) {
  current_ = 0;
  ended_ = false;
  calls_ = 0;
  last_ = db.get_lastdocid();
  size_ = db.get_doccount();
}

// The clock is read every 256 steps: a few microseconds apart at most.
void DeadlineSource::check_clock() {
  if (++calls_ % 256 != 0 || Deadline::Clock::now() < end_) return;
  ended_ = true;
  *cut_ = true;
}

void DeadlineSource::next(double) {
  ++current_;
  if (current_ > last_) ended_ = true;
  else check_clock();
}

void DeadlineSource::skip_to(Xapian::docid did, double) {
  if (did <= current_) return;
  current_ = did;
  if (current_ > last_) ended_ = true;
  else check_clock();
}

}  // namespace newsidx
