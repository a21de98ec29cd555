// Xapian's query expansion under its default scheme ("trad", k = 1):
// the terms and weights Enquire::get_eset gives for an RSet, computed here
// from statistics the caller has. Over shard servers Xapian asks every
// shard for two statistics of each term in turn, a round trip each, and
// over several shards it estimates the frequencies unless told to ask.
#pragma once

#include <map>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include <xapian.h>

namespace newsidx {

// What a term's expand weight takes of the RSet's documents.
struct ExpandStats {
  Xapian::doccount relevant = 0;  // how many of them hold it
  double multiplier = 0;          // the sum over those of (k + 1) wdf / (k length / average length + wdf)
};
// In term order, the order Xapian weighs them in.
using ExpandTerms = std::map<std::string, ExpandStats>;

// Adds a document of the RSet: its terms that may be chosen, with their
// wdfs, and its length (the sum of the wdfs of all its terms).
void add_relevant(ExpandTerms& terms, const std::vector<std::pair<std::string, Xapian::termcount>>& words,
                  Xapian::termcount length, double average_length);

// Enquire::get_eset(most, rset) of those terms: at most `most`, with their
// weights, heaviest first (equal weights: the greater term first), kept as
// Xapian keeps them (in term order, a term no heavier than the lightest of
// a full set is passed over). `freqs` has each term's frequency in the
// `articles` of the index; `relevant_documents` is the RSet's size.
std::vector<std::pair<std::string, double>> expand(const ExpandTerms& terms,
                                                   const std::unordered_map<std::string, Xapian::doccount>& freqs,
                                                   Xapian::doccount articles, Xapian::doccount relevant_documents,
                                                   Xapian::termcount most);

}  // namespace newsidx
