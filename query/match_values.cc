#include "query/match_values.h"

#include <algorithm>
#include <limits>

#include "index/schema.h"
#include "index/shards.h"
#include "query/wire.h"

namespace newsidx {

DocidsSource::DocidsSource(std::vector<Xapian::docid> docids, std::string all_uuids)
    : docids_(std::move(docids)), all_uuids_(std::move(all_uuids)) {
  std::sort(docids_.begin(), docids_.end());
  docids_.erase(std::unique(docids_.begin(), docids_.end()), docids_.end());
}

void DocidsSource::init(const Xapian::Database& db) {
  const store::ShardPlace place = store::shard_place(all_uuids_, db);
  mine_.clear();
  for (Xapian::docid did : docids_)
    if (place.holds(did)) mine_.push_back(place.local(did));
  at_ = 0;
  started_ = false;
  set_maxweight(0);
}

void DocidsSource::next(double) {
  if (started_) ++at_;
  started_ = true;
}

void DocidsSource::skip_to(Xapian::docid did, double) {
  started_ = true;
  while (at_ < mine_.size() && mine_[at_] < did) ++at_;
}

std::string DocidsSource::serialise() const {
  std::string out;
  wire::put(out, all_uuids_);
  wire::put_number(out, static_cast<double>(docids_.size()));
  for (Xapian::docid did : docids_) wire::put_number(out, did);
  return out;
}

DocidsSource* DocidsSource::unserialise(const std::string& serialised) const {
  wire::Reader in(serialised);
  std::string all_uuids = in.text();
  std::vector<Xapian::docid> docids(in.count(SIZE_MAX));
  for (auto& did : docids) did = static_cast<Xapian::docid>(in.whole(std::numeric_limits<Xapian::docid>::max()));
  in.expect_done();
  return new DocidsSource(std::move(docids), std::move(all_uuids));
}

void fetch_match_values(const Xapian::Database& db, std::vector<Xapian::docid> docids,
                        std::unordered_map<Xapian::docid, MatchValues>& values) {
  docids.erase(std::remove_if(docids.begin(), docids.end(), [&](Xapian::docid d) { return values.count(d) > 0; }),
               docids.end());
  if (docids.empty()) return;
  const auto n = static_cast<Xapian::doccount>(docids.size());
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query((new DocidsSource(std::move(docids), db.get_uuid()))->release()));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.set_sort_by_value(schema::kSlotSummary, false);
  enquire.set_collapse_key(schema::kSlotFingerprint, std::numeric_limits<Xapian::doccount>::max());
  const Xapian::MSet found = enquire.get_mset(0, n);
  for (auto m = found.begin(); m != found.end(); ++m)  // a docid with no document has no summary: none
    if (!m.get_sort_key().empty())
      values[*m] = MatchValues{m.get_sort_key(), schema::decode_fingerprint(m.get_collapse_key())};
}

}  // namespace newsidx
