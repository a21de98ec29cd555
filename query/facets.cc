#include "query/facets.h"

#include <chrono>
#include <cstdint>

#include "index/schema.h"
#include "query/wire.h"

namespace newsidx {

bool count_bitmap(const DocBitmap& matches, FacetSpy& spy, double time_limit_seconds) {
  const auto start = std::chrono::steady_clock::now();
  std::size_t n = 0;
  for (DocId did = matches.next_from(1); did != 0; did = matches.next_from(did + 1)) {
    spy.add(did);
    if (++n % 4096 == 0 && time_limit_seconds > 0 &&
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() > time_limit_seconds)
      return false;
  }
  return true;
}

namespace {

// Every match of query counted by spy in a pass without weights (BoolWeight:
// counting needs every match but no weights, which is cheaper than ranking
// them all); false when the query's DeadlineSource stopped it first.
template <class Spy>
bool count_all(const Xapian::Database& db, const Xapian::Query& query, Spy& spy) {
  Xapian::Enquire counting(db);
  counting.set_query(query);
  counting.set_weighting_scheme(Xapian::BoolWeight());
  counting.add_matchspy(&spy);
  const Xapian::MSet counted = counting.get_mset(0, 0, db.get_doccount());
  // The query's DeadlineSource stops the pass early; the bounds may still agree.
  return counted.get_matches_lower_bound() == counted.get_matches_upper_bound() &&
         spy.seen() == counted.get_matches_upper_bound();
}

void put_counts(std::string& out, const std::map<std::string, std::size_t>& counts) {
  wire::put_number(out, static_cast<double>(counts.size()));
  for (const auto& [value, n] : counts) {
    wire::put(out, value);
    wire::put_number(out, static_cast<double>(n));
  }
}

void add_counts(wire::Reader& in, std::map<std::string, std::size_t>& counts) {
  for (std::size_t i = in.count(SIZE_MAX); i > 0; --i) {
    std::string value = in.text();
    counts[value] += in.whole(1e15);
  }
}

}  // namespace

void FacetValueSpy::operator()(const Xapian::Document& doc, double) {
  ++seen_;
  if (current_ && current_->columns) {  // on a shard server, whose docids these are
    if (!column_counts_) column_counts_ = current_->columns->empty_counts();
    current_->columns->count(doc.get_docid(), *column_counts_);
    return;
  }
  ++lang_[doc.get_value(schema::kSlotLang)];
  ++month_[doc.get_value(schema::kSlotMonth)];
  ++category_[doc.get_value(schema::kSlotCategory)];
  const std::string tags = doc.get_value(schema::kSlotTags);
  for (std::size_t start = 0; start < tags.size();) {
    std::size_t end = tags.find(schema::kTagSeparator, start);
    if (end == std::string::npos) end = tags.size();
    ++tag_[tags.substr(start, end - start)];
    start = end + 1;
  }
}

std::string FacetValueSpy::serialise_results() const {
  std::string out;
  wire::put_number(out, seen_);
  if (column_counts_) {
    auto lang = lang_, month = month_, category = category_, tag = tag_;
    std::map<std::string, std::size_t>* by_value[4] = {&lang, &month, &category, &tag};
    current_->columns->add_by_value(*column_counts_, by_value);
    for (const auto* counts : by_value) put_counts(out, *counts);
    return out;
  }
  for (const auto* counts : {&lang_, &month_, &category_, &tag_}) put_counts(out, *counts);
  return out;
}

void FacetValueSpy::merge_results(const std::string& serialised) {
  wire::Reader in(serialised);
  seen_ += static_cast<Xapian::doccount>(in.whole(UINT32_MAX));
  for (auto* counts : {&lang_, &month_, &category_, &tag_}) add_counts(in, *counts);
  in.expect_done();
}

std::map<std::string, std::vector<FacetValue>> FacetValueSpy::result(std::size_t max_values) const {
  return {{"lang", rank_facet(lang_, false, max_values)},
          {"month", rank_facet(month_, false, max_values)},
          {"category", rank_facet(category_, true, max_values)},
          {"tag", rank_facet(tag_, true, max_values)}};
}

bool count_matches(const Xapian::Database& db, const Xapian::Query& query, FacetValueSpy& spy) {
  // First: a shard server reads it, and gives the spy its columns, before the spy.
  const Xapian::Query cursor((new DocCursor(std::make_shared<CurrentDoc>(), {}))->release());
  return count_all(db, Xapian::Query(Xapian::Query::OP_AND, cursor, query), spy);
}

bool count_matches(const Xapian::Database& db, const Xapian::Query& query, FacetSpy& spy) {
  const Xapian::Query cursor((new DocCursor(spy.current_, db.get_uuid()))->release());
  return count_all(db, Xapian::Query(Xapian::Query::OP_AND, query, cursor), spy);
}

}  // namespace newsidx
