#ifndef INSIGHTS_SERVER_STATS_DATE_RANGE_H_
#define INSIGHTS_SERVER_STATS_DATE_RANGE_H_

#include <absl/strings/string_view.h>

#include <absl/status/statusor.h>

#include "server/stats/civil_day.h"

namespace insights {

struct DayRange {
  CivilDay first = 0;
  CivilDay last = 0;
};

// Resolves the request's dates into an inclusive range of UTC days. An empty
// `start_date` means `history_start`, an empty `end_date` means `today`; a
// start before `history_start` is moved to it (there are no metrics
// before). INVALID_ARGUMENT, naming the parameter, for a date that is not a
// real YYYY-MM-DD day or a given start after the end. An end before
// history_start gives an empty range (first > last), which matches nothing.
absl::StatusOr<DayRange> ResolveDayRange(absl::string_view start_date,
                                         absl::string_view end_date,
                                         CivilDay today,
                                         CivilDay history_start);

}  // namespace insights

#endif  // INSIGHTS_SERVER_STATS_DATE_RANGE_H_
