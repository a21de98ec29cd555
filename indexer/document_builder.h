// Turns an article into a Xapian document following indexer/schema.h.
#pragma once

#include <cstdint>

#include <xapian.h>

#include "newsidx/analyzer.h"
#include "newsidx/article.h"

namespace newsidx {

// Thread safety: one builder per thread (it owns an Analyzer).
class DocumentBuilder {
 public:
  Xapian::Document build(const Article& article);

 private:
  // Adds the words of one field from `position` on; returns the next free position.
  Xapian::termpos add_field(Xapian::Document& doc, const std::string& text, const std::string& lang,
                            Xapian::termpos position, unsigned wdf, bool is_title,
                            std::uint64_t& fingerprint);

  Analyzer analyzer_;
};

// The 8-byte value stored in schema::kSlotFingerprint.
std::string fingerprint_value(std::uint64_t fingerprint);

}  // namespace newsidx
