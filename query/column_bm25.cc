#include "query/column_bm25.h"

#include <algorithm>
#include <cmath>

#include "query/shard_resources.h"
#include "query/wire.h"

namespace newsidx {
namespace {

thread_local std::shared_ptr<CurrentDoc> this_match;

}  // namespace

std::shared_ptr<CurrentDoc> current_doc_of_this_match() {
  return this_match ? this_match : std::make_shared<CurrentDoc>();
}

void DocCursor::init(const Xapian::Database& shard) {
  if (all_uuids_.empty()) {
    place_ = store::ShardPlace{};  // the shard's own docids
    ShardResources* resources = shard_resources();
    current_->columns = resources ? resources->columns(shard) : nullptr;
    current_->lengths = current_->columns ? current_->columns->lengths() : nullptr;
    current_->shard = shard;
  } else {
    place_ = store::shard_place(all_uuids_, shard);
  }
  last_ = shard.get_lastdocid();
  documents_ = shard.get_doccount();
  did_ = 0;
  set_maxweight(0);
}

DocCursor* DocCursor::unserialise(const std::string&) const {
  this_match = std::make_shared<CurrentDoc>();
  return new DocCursor(this_match, {});
}

void DocCursor::skip_to(Xapian::docid did, double) {
  did_ = std::max(did, did_);
  current_->did = place_.global(did_);
}

bool DocCursor::check(Xapian::docid did, double) {
  skip_to(did, 0);
  return true;
}

ColumnBM25::ColumnBM25(double k1, double b, double min_normlen, std::shared_ptr<const CurrentDoc> current)
    : k1_(k1), b_(b), min_normlen_(min_normlen), current_(std::move(current)) {
  need_stat(TERMFREQ);
  need_stat(COLLECTION_SIZE);
  need_stat(AVERAGE_LENGTH);
  need_stat(DOC_LENGTH_MIN);
  need_stat(WDF);
  need_stat(WDF_MAX);
  need_stat(WQF);
}

ColumnBM25* ColumnBM25::clone() const { return new ColumnBM25(k1_, b_, min_normlen_, current_); }

std::string ColumnBM25::serialise() const {
  std::string out;
  for (double x : {k1_, b_, min_normlen_}) wire::put_number(out, x);
  return out;
}

ColumnBM25* ColumnBM25::unserialise(const std::string& serialised) const {
  wire::Reader in(serialised);
  const double k1 = in.number(), b = in.number(), min_normlen = in.number();
  in.expect_done();
  return new ColumnBM25(k1, b, min_normlen, current_doc_of_this_match());
}

void ColumnBM25::init(double factor) {
  // Xapian reads whether a weight needs lengths after init (LeafPostList::set_termweight).
  lengths_ = current_->lengths;
  if (!lengths_) need_stat(DOC_LENGTH);
  const double tf = get_termfreq();
  double tw = (static_cast<double>(get_collection_size()) - tf + 0.5) / (tf + 0.5);
  if (tw < 2) tw = tw * 0.5 + 1;  // a term in over a third of the documents keeps a small positive weight
  const double wqf = get_wqf();
  termweight_ = std::log(tw) * factor * (2 * wqf / (1 + wqf)) * (k1_ + 1);  // k3 = 1
  const double average = get_average_length();
  len_factor_ = average != 0 ? 1 / average : 0;
}

double ColumnBM25::get_sumpart(Xapian::termcount wdf, Xapian::termcount length, Xapian::termcount) const {
  double len = length;
  if (lengths_) len = current_->did < lengths_->size() ? (*lengths_)[current_->did] : 0;
  const double normlen = std::max(len * len_factor_, min_normlen_);
  const double denom = k1_ * (normlen * b_ + (1 - b_)) + wdf;
  return denom > 0 ? termweight_ * (wdf / denom) : 0;
}

double ColumnBM25::get_maxpart() const {
  const double wdf_max = get_wdf_upper_bound();
  // At the shortest length a document with wdf_max can have.
  const double normlen = std::max(std::max<double>(wdf_max, get_doclength_lower_bound()) * len_factor_, min_normlen_);
  const double denom = k1_ * (normlen * b_ + (1 - b_)) + wdf_max;
  return denom > 0 ? termweight_ * (wdf_max / denom) : 0;
}

namespace {

bool has_positions(const Xapian::Query& q) {
  if (q.get_type() == Xapian::Query::OP_PHRASE || q.get_type() == Xapian::Query::OP_NEAR) return true;
  for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
    if (has_positions(q.get_subquery(i))) return true;
  return false;
}

}  // namespace

void rank_by_bm25(Xapian::Enquire& enquire, const Xapian::Query& query, const Xapian::Database& db, double k1, double b,
                  const std::shared_ptr<const std::vector<std::uint32_t>>& lengths, bool on_shard_servers) {
  // Xapian weighs a phrase's terms where the DocCursor has not always been
  // moved to the document (an OR of two phrases gave the lengths of others).
  const bool column_weights = (lengths || on_shard_servers) && !has_positions(query);
  const Xapian::BM25Weight xapians(k1, 0, 1, b, kMinNormalisedLength);
  if (!column_weights && !on_shard_servers) {
    enquire.set_query(query);
    enquire.set_weighting_scheme(xapians);
    return;
  }
  auto current = std::make_shared<CurrentDoc>();
  current->lengths = on_shard_servers ? nullptr : lengths;
  // First: a shard server reads and initialises it before the weights, and
  // the spies take it (a server's spy would otherwise see the last match's).
  const Xapian::Query cursor((new DocCursor(current, on_shard_servers ? "" : db.get_uuid()))->release());
  enquire.set_query(Xapian::Query(Xapian::Query::OP_AND, cursor, query));
  if (column_weights) enquire.set_weighting_scheme(ColumnBM25(k1, b, kMinNormalisedLength, current));
  else enquire.set_weighting_scheme(xapians);
}

}  // namespace newsidx
