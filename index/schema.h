// The index schema: term prefixes, value slots and weights.
//
// DO NOT CHANGE the prefixes, slots or the stored-data format without
// raising kSchemaVersion: they are an on-disk format, and an index written
// with one schema is not readable with another. ARCHITECTURE.md documents
// this table for people.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace newsidx::schema {

inline constexpr const char* kSchemaVersion = "7";  // 7: stored articles are packed (article_codec.h)
inline constexpr const char* kSchemaVersionKey = "newsidx.schema";  // Xapian metadata key

// Term prefixes.
inline constexpr const char* kId = "Q";         // Q<id>: unique id, boolean
inline constexpr const char* kSkeleton = "XS";  // XS<skeleton>: loose Kazakh forms
inline constexpr const char* kTag = "K";        // K<folded tag>: exact editorial tag, boolean
inline constexpr const char* kCategory = "XC";  // XC<folded category>, boolean
inline constexpr const char* kAuthor = "A";     // A<folded author>, boolean
inline constexpr const char* kLang = "L";       // L<base language>: Lkk for every Kazakh script
// The one term "XH" marks an article withheld or canceled: kept, shown to no reader.
inline constexpr const char* kHidden = "XH";
// Unprefixed terms are the analysed words of title, lead and body. Title
// words take positions 1..kLeadStart-1 (a 2,000-byte title has at most
// 1,000 words), so a position below kLeadStart marks a title word: title
// searches need no terms of their own. Date ranges use value 0.

// Value slots.
inline constexpr unsigned kSlotPublished = 0;    // sortable_serialise(unix seconds)
inline constexpr unsigned kSlotFingerprint = 1;  // 8 bytes big-endian: hash of the analysed text and language
inline constexpr unsigned kSlotLang = 2;         // the language code, as given
// The article as JSON in the input format. A value rather than the document
// data, which Xapian zlib-compresses record by record (a compressor reset
// per document, costly in a bulk load).
inline constexpr unsigned kSlotArticle = 3;
// Facet values: the category as given, the UTC month "2024-03", and the tags
// as given joined by kTagSeparator.
inline constexpr unsigned kSlotCategory = 4;
inline constexpr unsigned kSlotMonth = 5;
inline constexpr unsigned kSlotTags = 6;
inline constexpr char kTagSeparator = '\x1f';
// What a result line shows: id, title, url, lang, published and category,
// each followed by kSummaryFieldSeparator, then the tags joined by
// kSummaryTagSeparator (stored_article.h). A result page reads this, not the
// article's JSON. Article text holds neither control character (a field that
// does is stored with them replaced by spaces).
inline constexpr unsigned kSlotSummary = 7;
inline constexpr char kSummaryFieldSeparator = '\x1f';
inline constexpr char kSummaryTagSeparator = '\x1e';
// The story fingerprint: the hash of the analysed text alone, equal across
// scripts and editions, so related news never shows one story twice.
inline constexpr unsigned kSlotStory = 8;
// The end of an embargo, sortable_serialise(unix seconds); no value without one.
inline constexpr unsigned kSlotEmbargo = 9;

// Within-document frequency added per occurrence: a title word weighs three
// body words, a lead word two.
inline constexpr unsigned kTitleWdf = 3;
inline constexpr unsigned kLeadWdf = 2;
inline constexpr unsigned kBodyWdf = 1;

inline constexpr unsigned kLeadStart = 1100;

// Xapian refuses terms over 245 bytes: boolean terms (ids, tags, categories,
// authors) are cut to this many, when indexing and when searching alike.
inline constexpr std::size_t kMaxBooleanTermBytes = 240;
// Positions between lead and body, so that a phrase never spans them.
inline constexpr unsigned kFieldGap = 100;

// `prefix` + `value`, cut to kMaxBooleanTermBytes.
inline std::string boolean_term(const char* prefix, std::string_view value) {
  std::string term = prefix;
  term.append(value);
  if (term.size() > kMaxBooleanTermBytes) term.resize(kMaxBooleanTermBytes);
  return term;
}

// The 8-byte values of kSlotFingerprint and kSlotStory: the 64-bit hash, big-endian.
inline std::string encode_fingerprint(std::uint64_t fingerprint) {
  std::string v(8, '\0');
  for (int i = 7; i >= 0; --i, fingerprint >>= 8)
    v[static_cast<std::size_t>(i)] = static_cast<char>(fingerprint & 0xFF);
  return v;
}
// 0 for a value that is not 8 bytes.
inline std::uint64_t decode_fingerprint(std::string_view value) {
  if (value.size() != 8) return 0;
  std::uint64_t fingerprint = 0;
  for (unsigned char c : value) fingerprint = fingerprint << 8 | c;
  return fingerprint;
}

}  // namespace newsidx::schema
