#include "server/stats/civil_day.h"

#include <cstdio>

namespace insights {
namespace {

// Days from 1970-01-01 to y-m-d, for the proleptic Gregorian calendar
// (the era-based algorithm: 400-year eras of 146097 days).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned year_of_era = static_cast<unsigned>(y - era * 400);
  const unsigned day_of_year = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned day_of_era =
      year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + static_cast<int64_t>(day_of_era) - 719468;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int y, unsigned m) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30,
                                       31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

bool ReadDigits(absl::string_view text, size_t from, size_t count, int* out) {
  int value = 0;
  for (size_t i = from; i < from + count; ++i) {
    if (text[i] < '0' || text[i] > '9') return false;
    value = value * 10 + (text[i] - '0');
  }
  *out = value;
  return true;
}

}  // namespace

std::optional<CivilDay> ParseCivilDay(absl::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') {
    return std::nullopt;
  }
  int year = 0, month = 0, day = 0;
  if (!ReadDigits(text, 0, 4, &year) || !ReadDigits(text, 5, 2, &month) ||
      !ReadDigits(text, 8, 2, &day)) {
    return std::nullopt;
  }
  if (month < 1 || month > 12 || day < 1 ||
      static_cast<unsigned>(day) > DaysInMonth(year, month)) {
    return std::nullopt;
  }
  return static_cast<CivilDay>(DaysFromCivil(year, month, day));
}

std::string FormatCivilDay(CivilDay day) {
  // The inverse of DaysFromCivil.
  const int64_t z = static_cast<int64_t>(day) + 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned day_of_era = static_cast<unsigned>(z - era * 146097);
  const unsigned year_of_era = (day_of_era - day_of_era / 1460 +
                                day_of_era / 36524 - day_of_era / 146096) /
                               365;
  const unsigned day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const unsigned mp = (5 * day_of_year + 2) / 153;
  const unsigned d = day_of_year - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const int64_t y = static_cast<int64_t>(year_of_era) + era * 400 + (m <= 2);

  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u",
                static_cast<long long>(y), m, d);
  return buffer;
}

CivilDay CivilDayOfUnixSeconds(int64_t unix_seconds) {
  constexpr int64_t kSecondsPerDay = 86400;
  int64_t days = unix_seconds / kSecondsPerDay;
  if (unix_seconds % kSecondsPerDay < 0) --days;  // floor, not truncation
  return static_cast<CivilDay>(days);
}

}  // namespace insights
