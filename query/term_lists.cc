#include "query/term_lists.h"

#include <limits>

#include "index/shards.h"
#include "query/match_values.h"
#include "query/wire.h"

namespace newsidx {
namespace {

template <class Terms>
DocWords words_from(Terms begin, Terms end) {
  DocWords out;
  for (auto t = begin; t != end; ++t) {
    out.length += t.get_wdf();
    if (is_word(*t)) out.words.emplace_back(*t, t.get_wdf());
  }
  return out;
}

}  // namespace

bool is_word(const std::string& term) { return !term.empty() && !(term[0] >= 'A' && term[0] <= 'Z'); }

DocWords words_of(const Xapian::Database& db, Xapian::docid did) {
  return words_from(db.termlist_begin(did), db.termlist_end(did));
}

void TermListSpy::operator()(const Xapian::Document& doc, double) {
  read_.emplace_back(doc.get_docid(), words_from(doc.termlist_begin(), doc.termlist_end()));
}

Xapian::MatchSpy* TermListSpy::unserialise(const std::string& serialised, const Xapian::Registry&) const {
  wire::Reader(serialised).expect_done();
  return new TermListSpy(current_doc_of_this_match());
}

std::string TermListSpy::serialise_results() const {
  std::string out;
  wire::put(out, current_ && current_->shard ? current_->shard->get_uuid() : std::string());
  wire::put_number(out, static_cast<double>(read_.size()));
  for (const auto& [did, doc] : read_) {
    wire::put_number(out, did);
    wire::put_number(out, doc.length);
    wire::put_number(out, static_cast<double>(doc.words.size()));
    for (const auto& [term, wdf] : doc.words) {
      wire::put(out, term);
      wire::put_number(out, wdf);
    }
  }
  return out;
}

void TermListSpy::merge_results(const std::string& serialised) {
  constexpr auto kMostCount = std::numeric_limits<Xapian::termcount>::max();
  wire::Reader in(serialised);
  auto& [uuid, read] = sent_.emplace_back();
  uuid = in.text();
  read.resize(in.count(SIZE_MAX));
  for (auto& [did, doc] : read) {
    did = static_cast<Xapian::docid>(in.whole(std::numeric_limits<Xapian::docid>::max()));
    doc.length = static_cast<Xapian::termcount>(in.whole(kMostCount));
    doc.words.resize(in.count(SIZE_MAX));
    for (auto& [term, wdf] : doc.words) {
      term = in.text();
      wdf = static_cast<Xapian::termcount>(in.whole(kMostCount));
    }
  }
  in.expect_done();
}

void TermListSpy::add_to(std::unordered_map<Xapian::docid, DocWords>& lists, const std::string& all_uuids) const {
  for (const auto& [did, doc] : read_) lists[did] = doc;  // read here: a local match's own docids
  for (const auto& [uuid, read] : sent_) {
    const auto place = store::shard_place(all_uuids, uuid);
    if (!place) continue;  // not a shard of this search's
    for (const auto& [did, doc] : read) lists[place->global(did)] = doc;
  }
}

std::unordered_map<Xapian::docid, DocWords> words_in_one_match(const Xapian::Database& db,
                                                               std::vector<Xapian::docid> docids) {
  std::unordered_map<Xapian::docid, DocWords> lists;
  if (docids.empty()) return lists;
  TermListSpy spy;
  spy_on_docids(db, std::move(docids), spy);
  spy.add_to(lists, db.get_uuid());
  return lists;
}

std::string TermFreqSpy::serialise_results() const {
  std::string out;
  const Xapian::Database* on = shard();
  wire::put_number(out, on ? static_cast<double>(asked().size()) : 0);
  if (on)
    for (const auto& t : asked()) wire::put_number(out, on->get_termfreq(t));
  return out;
}

void TermFreqSpy::merge_results(const std::string& serialised) {
  wire::Reader in(serialised);
  if (in.count(SIZE_MAX) != asked().size()) throw Xapian::SerialisationError("newsidx: a shard sent no frequencies");
  sums_.resize(asked().size(), 0);
  for (auto& sum : sums_) sum += static_cast<Xapian::doccount>(in.whole(std::numeric_limits<Xapian::doccount>::max()));
  in.expect_done();
  ++merged_;
}

std::unordered_map<std::string, Xapian::doccount> TermFreqSpy::freqs(std::size_t shards) const {
  if (merged_ != shards)
    throw Xapian::NetworkError("newsidx: " + std::to_string(merged_) + " of " + std::to_string(shards) +
                               " shard servers sent term frequencies");
  std::unordered_map<std::string, Xapian::doccount> out;
  const auto& terms = asked();
  for (std::size_t i = 0; i < terms.size(); ++i) out[terms[i]] = sums_.empty() ? 0 : sums_[i];
  return out;
}

std::unordered_map<std::string, Xapian::doccount> term_freqs_on_shard_servers(const Xapian::Database& db,
                                                                              const std::vector<std::string>& terms) {
  if (terms.empty()) return {};
  TermFreqSpy spy(terms);
  spy_on_shards(db, spy);
  return spy.freqs(db.size());
}

}  // namespace newsidx
