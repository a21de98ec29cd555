#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "newsidx/time.h"

namespace newsidx {

// Parses an ISO 8601 date-time with a zone, "2024-03-01T09:30:00Z" or
// "2024-03-01T14:30:00+05:00" (also +0500, fractional seconds, a space for
// the T), into seconds since the epoch. nullopt for anything else, including
// impossible dates such as February 30.
std::optional<std::int64_t> parse_iso8601(std::string_view text);

// Days since 1970-01-01 for a proleptic Gregorian date.
std::int64_t days_from_civil(int year, int month, int day);

// "YYYY-MM-DD" parts of a UTC instant.
struct CivilDate {
  int year, month, day;
};
CivilDate civil_from_unix(std::int64_t unix_seconds);

// "20240301": the UTC day of an instant.
std::string format_day(std::int64_t unix_seconds);

// parse_date_bound, format_iso8601_utc and the other public forms: newsidx/time.h.

}  // namespace newsidx
