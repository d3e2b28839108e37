#include "server/stats/civil_day.h"

#include <gtest/gtest.h>

namespace insights {
namespace {

TEST(CivilDayTest, EpochIsDayZero) {
  EXPECT_EQ(ParseCivilDay("1970-01-01"), 0);
  EXPECT_EQ(FormatCivilDay(0), "1970-01-01");
}

TEST(CivilDayTest, RoundTripsEveryDayOfSeveralYears) {
  const CivilDay first = *ParseCivilDay("1999-12-25");
  const CivilDay last = *ParseCivilDay("2101-01-05");
  for (CivilDay day = first; day <= last; ++day) {
    ASSERT_EQ(ParseCivilDay(FormatCivilDay(day)), day) << FormatCivilDay(day);
  }
}

TEST(CivilDayTest, AcceptsLeapDaysOnlyInLeapYears) {
  EXPECT_TRUE(ParseCivilDay("2024-02-29"));
  EXPECT_TRUE(ParseCivilDay("2000-02-29"));
  EXPECT_FALSE(ParseCivilDay("2023-02-29"));
  EXPECT_FALSE(ParseCivilDay("1900-02-29"));
}

TEST(CivilDayTest, RefusesAnythingButExactIsoDays) {
  for (const char* bad :
       {"2024-02-30", "2024-1-5", "yesterday", "2024-13-01", "2024-00-10",
        "2024-04-31", "2024-01-1", "", "2024/01/01", "2024-01-01T00:00:00Z",
        " 2024-01-01", "+024-01-01"}) {
    EXPECT_FALSE(ParseCivilDay(bad)) << bad;
  }
}

TEST(CivilDayTest, DayOfUnixSecondsFloorsBeforeTheEpoch) {
  EXPECT_EQ(CivilDayOfUnixSeconds(0), 0);
  EXPECT_EQ(CivilDayOfUnixSeconds(86399), 0);
  EXPECT_EQ(CivilDayOfUnixSeconds(86400), 1);
  EXPECT_EQ(CivilDayOfUnixSeconds(-1), -1);
}

}  // namespace
}  // namespace insights
