#include "analysis/uzbek.h"

namespace newsidx::uzbek {

// ғ and ў become g and o directly, as the canonical form drops the ʻ.
const char* const kCyrillicRules =
    "ц > ts ; ч > ch ; ш > sh ; щ > sh ; ю > yu ; я > ya ; ё > yo ;"
    "а > a ; б > b ; в > v ; г > g ; ғ > g ; д > d ; е > e ; ж > j ; з > z ; и > i ;"
    "й > y ; к > k ; қ > q ; л > l ; м > m ; н > n ; о > o ; п > p ; р > r ; с > s ;"
    "т > t ; у > u ; ў > o ; ф > f ; х > x ; ҳ > h ; ъ > ; ь > ; э > e ;";

// Latin writes ye- where Cyrillic writes е- (yer / ер): both fold to e.
const char* const kLatinRules = "[\\u02BB\\u02BC\\u0027\\u2018\\u2019\\u0060] > ; ye > e ;";

}  // namespace newsidx::uzbek
