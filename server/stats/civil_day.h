#ifndef INSIGHTS_SERVER_STATS_CIVIL_DAY_H_
#define INSIGHTS_SERVER_STATS_CIVIL_DAY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <absl/strings/string_view.h>

namespace insights {

// A UTC calendar day as a count of days since 1970-01-01. Sessions, ranges
// and stored rows all use this, so no local time zone ever takes part.
using CivilDay = int32_t;

// Parses exactly "YYYY-MM-DD" naming a real day of the proleptic Gregorian
// calendar. Returns nullopt for anything else ("2024-1-5", "2024-02-30").
std::optional<CivilDay> ParseCivilDay(absl::string_view text);

// Formats as "YYYY-MM-DD".
std::string FormatCivilDay(CivilDay day);

// The UTC day containing `unix_seconds`.
CivilDay CivilDayOfUnixSeconds(int64_t unix_seconds);

}  // namespace insights

#endif  // INSIGHTS_SERVER_STATS_CIVIL_DAY_H_
