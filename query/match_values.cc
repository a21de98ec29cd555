#include "query/match_values.h"

#include <algorithm>
#include <limits>

#include "index/schema.h"
#include "index/shards.h"
#include "index/stored_article.h"
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

std::optional<MatchValues> MatchValuesSpy::values_of(Xapian::docid did, const Xapian::Document* doc) const {
  const DocColumns* columns = current_ ? current_->columns.get() : nullptr;
  const bool in_columns = columns && !columns->summary(did).empty();
  Xapian::Document read;
  if (!doc && (!in_columns || with_articles_)) {
    if (!current_ || !current_->shard) return std::nullopt;
    read = current_->shard->get_document(did, Xapian::DOC_ASSUME_VALID);
    doc = &read;
  }
  MatchValues values;
  if (in_columns) {
    values = MatchValues{std::string(columns->summary(did)), columns->fingerprint(did), columns->story(did), {}};
  } else {
    values = MatchValues{doc->get_value(schema::kSlotSummary),
                         schema::decode_fingerprint(doc->get_value(schema::kSlotFingerprint)),
                         DocColumns::story_key(doc->get_value(schema::kSlotStory)), {}};
    if (values.summary.empty()) return std::nullopt;  // a docid with no document
  }
  if (with_articles_) values.article = doc->get_value(schema::kSlotArticle);
  return values;
}

void MatchValuesSpy::operator()(const Xapian::Document& doc, double weight) {
  const Xapian::docid did = doc.get_docid();
  if (best_ == 0) {
    if (auto values = values_of(did, &doc)) read_.push_back(Read{did, std::move(*values)});
    return;
  }
  const Scored s{weight, did};
  const auto worse = [](const Scored& a, const Scored& b) { return b.worse_than(a); };  // the worst on top
  if (kept_.size() == best_) {
    if (!kept_.front().worse_than(s)) return;
    std::pop_heap(kept_.begin(), kept_.end(), worse);
    kept_.back() = s;
  } else {
    kept_.push_back(s);
  }
  std::push_heap(kept_.begin(), kept_.end(), worse);
}

Xapian::MatchSpy* MatchValuesSpy::unserialise(const std::string& serialised, const Xapian::Registry&) const {
  wire::Reader in(serialised);
  const auto best = static_cast<Xapian::doccount>(in.whole(std::numeric_limits<Xapian::doccount>::max()));
  const bool with_articles = in.whole(1) == 1;
  in.expect_done();
  return new MatchValuesSpy(current_doc_of_this_match(), best, with_articles);
}

std::string MatchValuesSpy::serialise() const {
  std::string out;
  wire::put_number(out, best_);
  wire::put_number(out, with_articles_ ? 1 : 0);
  return out;
}

std::string MatchValuesSpy::serialise_results() const {
  std::vector<Read> kept;
  for (const Scored& s : kept_)
    if (auto values = values_of(s.did, nullptr)) kept.push_back(Read{s.did, std::move(*values)});
  const std::vector<Read>& read = best_ == 0 ? read_ : kept;
  std::string out;
  wire::put(out, current_ && current_->shard ? current_->shard->get_uuid() : std::string());
  wire::put_number(out, static_cast<double>(read.size()));
  for (const Read& r : read) {
    wire::put_number(out, r.did);
    wire::put(out, r.values.summary);
    wire::put_number(out, static_cast<double>(r.values.fingerprint >> 32));
    wire::put_number(out, static_cast<double>(r.values.fingerprint & 0xffffffffu));
    wire::put_number(out, static_cast<double>(r.values.story >> 32));
    wire::put_number(out, static_cast<double>(r.values.story & 0xffffffffu));
    if (with_articles_) wire::put(out, r.values.article);
  }
  return out;
}

void MatchValuesSpy::merge_results(const std::string& serialised) {
  wire::Reader in(serialised);
  auto& [uuid, read] = sent_.emplace_back();
  uuid = in.text();
  read.resize(in.count(SIZE_MAX));
  for (Read& r : read) {
    r.did = static_cast<Xapian::docid>(in.whole(std::numeric_limits<Xapian::docid>::max()));
    r.values.summary = in.text();
    const std::uint64_t high = in.whole(0xffffffffu), low = in.whole(0xffffffffu);
    r.values.fingerprint = high << 32 | low;
    const std::uint64_t story_high = in.whole(0xffffffffu), story_low = in.whole(0xffffffffu);
    r.values.story = story_high << 32 | story_low;
    if (with_articles_) r.values.article = in.text();
  }
  in.expect_done();
}

void MatchValuesSpy::add_to(std::unordered_map<Xapian::docid, MatchValues>& values,
                            const std::string& all_uuids) const {
  for (const auto& [uuid, read] : sent_) {
    const auto place = store::shard_place(all_uuids, uuid);
    if (!place) continue;  // not a shard of this search's
    for (const Read& r : read) values[place->global(r.did)] = r.values;
  }
}

void fetch_match_values(const Xapian::Database& db, std::vector<Xapian::docid> docids,
                        std::unordered_map<Xapian::docid, MatchValues>& values, bool with_articles) {
  const auto known = [&](Xapian::docid d) {
    const auto it = values.find(d);
    return it != values.end() && (!with_articles || !it->second.article.empty());
  };
  docids.erase(std::remove_if(docids.begin(), docids.end(), known), docids.end());
  if (docids.empty()) return;
  MatchValuesSpy spy(nullptr, 0, with_articles);
  spy_on_docids(db, std::move(docids), spy);
  spy.add_to(values, db.get_uuid());
}

void spy_on_docids(const Xapian::Database& db, std::vector<Xapian::docid> docids, Xapian::MatchSpy& spy) {
  const auto n = static_cast<Xapian::doccount>(docids.size());
  Xapian::Enquire enquire(db);
  // The cursor first: on each server it gives the spy the shard and its columns.
  const Xapian::Query cursor((new DocCursor(std::make_shared<CurrentDoc>(), {}))->release());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, cursor,
                                  Xapian::Query((new DocidsSource(std::move(docids), db.get_uuid()))->release())));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0, n);  // every one checked, none sent back as a match
}

void spy_on_shards(const Xapian::Database& db, Xapian::MatchSpy& spy) {
  Xapian::Enquire enquire(db);
  enquire.set_query(Xapian::Query((new DocCursor(std::make_shared<CurrentDoc>(), {}))->release()));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  enquire.add_matchspy(&spy);
  enquire.get_mset(0, 0);
}

Fetch fetch_with_values(Xapian::Enquire& enquire, const Xapian::Database& db, Fetch ranked_by, bool by_relevance,
                        std::unordered_map<Xapian::docid, MatchValues>& values) {
  return [&enquire, db, ranked_by = std::move(ranked_by), by_relevance, &values](Xapian::doccount n,
                                                                                  double min_weight) {
    MatchValuesSpy results_values(nullptr, n);
    enquire.clear_matchspies();
    if (by_relevance) enquire.add_matchspy(&results_values);
    Xapian::MSet ranked;
    try {
      ranked = ranked_by(n, min_weight);
    } catch (...) {
      enquire.clear_matchspies();  // the spy is gone with this call
      throw;
    }
    enquire.clear_matchspies();
    results_values.add_to(values, db.get_uuid());
    fetch_match_values(db, std::vector<Xapian::docid>(ranked.begin(), ranked.end()), values);
    return ranked;
  };
}

std::unordered_map<std::string, std::string> summaries_by_id_in_one_match(const Xapian::Database& db,
                                                                          const std::vector<std::string>& ids) {
  std::unordered_map<std::string, std::string> out;
  if (ids.empty()) return out;
  std::vector<Xapian::Query> terms;
  for (const std::string& id : ids) terms.emplace_back(schema::kId + id);
  Xapian::Enquire enquire(db);
  // The cursor first: on each server it gives the spy the shard and its columns.
  const Xapian::Query cursor((new DocCursor(std::make_shared<CurrentDoc>(), {}))->release());
  enquire.set_query(
      Xapian::Query(Xapian::Query::OP_AND, cursor, Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end())));
  enquire.set_weighting_scheme(Xapian::BoolWeight());
  MatchValuesSpy spy;
  enquire.add_matchspy(&spy);
  const auto n = static_cast<Xapian::doccount>(ids.size());
  enquire.get_mset(0, 0, n);  // every one checked (an id is one article), none sent back as a match
  std::unordered_map<Xapian::docid, MatchValues> values;
  spy.add_to(values, db.get_uuid());
  for (auto& [_, v] : values) {
    std::string id(summary_id(v.summary));
    out.emplace(std::move(id), std::move(v.summary));
  }
  return out;
}

}  // namespace newsidx
