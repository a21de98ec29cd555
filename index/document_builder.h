// Turns an article into a Xapian document following index/schema.h.
#pragma once

#include <cstdint>

#include <xapian.h>

#include "newsidx/analyzer.h"
#include "newsidx/article.h"

namespace newsidx {

// Thread safety: one builder per thread (it owns an Analyzer).
class DocumentBuilder {
 public:
  // `stored_json` is what the index keeps as the article (the validated
  // input line); empty means serialise `article`.
  Xapian::Document build(const Article& article, std::string_view stored_json = {});

 private:
  // Adds the words of one field from `position` on; returns the next free position.
  Xapian::termpos add_field(Xapian::Document& doc, const std::string& text, const std::string& lang,
                            Xapian::termpos position, unsigned wdf, std::uint64_t& fingerprint);

  // `prefix` + `term` in a reused buffer.
  const std::string& prefixed(const char* prefix, std::string_view term);

  Analyzer analyzer_;
  std::string term_, prefixed_;  // reused to spare an allocation per word
};

}  // namespace newsidx
