#include "server/stats/date_range.h"

#include <algorithm>

#include <absl/strings/string_view.h>
#include <absl/strings/str_cat.h>

namespace insights {
namespace {

absl::StatusOr<CivilDay> ParseParameter(absl::string_view name,
                                        absl::string_view value) {
  std::optional<CivilDay> day = ParseCivilDay(value);
  if (!day) {
    return absl::InvalidArgumentError(absl::StrCat(
        name, " \"", value, "\" is not a calendar day in the form YYYY-MM-DD"));
  }
  return *day;
}

}  // namespace

absl::StatusOr<DayRange> ResolveDayRange(absl::string_view start_date,
                                         absl::string_view end_date,
                                         CivilDay today,
                                         CivilDay history_start) {
  DayRange range{history_start, today};
  if (!start_date.empty()) {
    absl::StatusOr<CivilDay> start = ParseParameter("startDate", start_date);
    if (!start.ok()) return start.status();
    range.first = *start;
  }
  if (!end_date.empty()) {
    absl::StatusOr<CivilDay> end = ParseParameter("endDate", end_date);
    if (!end.ok()) return end.status();
    range.last = *end;
  }
  if (!start_date.empty() && range.first > range.last) {
    return absl::InvalidArgumentError(
        absl::StrCat("startDate ", FormatCivilDay(range.first),
                     " is after endDate ", FormatCivilDay(range.last)));
  }

  range.first = std::max(range.first, history_start);
  return range;
}

}  // namespace insights
