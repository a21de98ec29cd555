#include <gtest/gtest.h>

#include "common/date.h"

namespace newsidx {
namespace {

TEST(Date, ParsesZonesAndFractions) {
  EXPECT_EQ(parse_iso8601("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(parse_iso8601("2024-03-01T09:30:00Z"), 1709285400);
  EXPECT_EQ(parse_iso8601("2024-03-01T14:30:00+05:00"), 1709285400);
  EXPECT_EQ(parse_iso8601("2024-03-01T14:30:00+0500"), 1709285400);
  EXPECT_EQ(parse_iso8601("2024-03-01T04:30:00-05:00"), 1709285400);
  EXPECT_EQ(parse_iso8601("2024-03-01 09:30:00.123Z"), 1709285400);
  EXPECT_EQ(parse_iso8601("2024-03-01T09:30Z"), 1709285400);
  EXPECT_EQ(parse_iso8601("2024-02-29T00:00:00Z"), 1709164800);  // leap day
}

TEST(Date, RejectsWhatIsNotADateTimeWithAZone) {
  for (const char* bad : {"", "2024-03-01", "2024-03-01T09:30:00", "2024-13-01T00:00:00Z", "2023-02-29T00:00:00Z",
                          "2024-04-31T00:00:00Z", "2024-03-01T24:00:00Z", "2024-03-01T09:60:00Z",
                          "2024-03-01T09:30:00+25:00", "yesterday", "2024-03-01T09:30:00Zjunk", "2024-3-1T09:30:00Z"})
    EXPECT_EQ(parse_iso8601(bad), std::nullopt) << bad;
}

TEST(Date, FormatsUtc) {
  EXPECT_EQ(format_iso8601_utc(1709285400), "2024-03-01T09:30:00Z");
  EXPECT_EQ(format_day(1709285400), "20240301");
  EXPECT_EQ(format_day(-1), "19691231");
}

}  // namespace
}  // namespace newsidx
