// Times in the API: every time a request takes or a result gives is unix
// seconds (UTC), std::int64_t. These read and write the text forms the
// tools and the HTTP API take.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "newsidx/export.h"

namespace newsidx {

// An ISO 8601 time with Z or an offset ("2024-03-01T14:30:00+05:00"), or
// nullopt.
NEWSIDX_EXPORT std::optional<std::int64_t> parse_iso8601_time(const std::string& text);

// The same, or unix seconds written as digits.
NEWSIDX_EXPORT std::optional<std::int64_t> parse_time_or_unix(const std::string& text);

// A date bound, YYYY, YYYY-MM or YYYY-MM-DD (UTC), as its first second, or
// with `end_of_range` its last: SearchRequest::since and until take these.
// nullopt for anything else, including impossible dates (2024-02-30).
NEWSIDX_EXPORT std::optional<std::int64_t> parse_date_bound(std::string_view text, bool end_of_range);

// A window length: "1h", "24h", "7d", "30d", "all" (0) or seconds.
NEWSIDX_EXPORT std::optional<std::int64_t> parse_window(const std::string& text);

// "2024-03-25T00:00:00Z".
NEWSIDX_EXPORT std::string format_iso8601_utc(std::int64_t unix_seconds);

}  // namespace newsidx
