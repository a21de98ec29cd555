#include "shardd/registry.h"

#include "query/column_bm25.h"
#include "query/deadline.h"
#include "query/facets.h"
#include "query/match_values.h"
#include "query/recency.h"
#include "query/spelling.h"
#include "query/term_lists.h"
#include "query/title_filter.h"
#include "query/word_bitmaps.h"
#include "recommend/related/term_weight_source.h"

namespace newsidx {

Xapian::Registry shard_registry() {
  Xapian::Registry registry;
  registry.register_posting_source(DeadlineSource({}));
  registry.register_posting_source(TitleSource({}));
  registry.register_posting_source(RecencySource(0, 1));
  registry.register_posting_source(TermWeightSource("", 0));
  registry.register_posting_source(DocCursor(nullptr, {}));
  registry.register_posting_source(FrequentWordsSource({}));
  registry.register_posting_source(DocidsSource({}, {}));
  registry.register_weighting_scheme(ColumnBM25(0, 0, 0, nullptr));
  registry.register_match_spy(FacetValueSpy());
  registry.register_match_spy(NearTermsSpy({}));
  registry.register_match_spy(MatchValuesSpy());
  registry.register_match_spy(TermListSpy());
  registry.register_match_spy(TermFreqSpy({}));
  return registry;
}

}  // namespace newsidx
