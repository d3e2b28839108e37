#ifndef INSIGHTS_SERVER_STORE_SINCE_COUNTS_H_
#define INSIGHTS_SERVER_STORE_SINCE_COUNTS_H_

#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <absl/strings/string_view.h>

#include "server/stats/civil_day.h"

namespace insights {

// For one stream of image occurrences (say, the images a workspace labeled)
// and one day: how many of that day's images had last occurred in the
// stream on each earlier day, or never before.
//
// The number of distinct images of a stream over days [first, last] is then
// the sum, over those days, of CountBefore(first): each image is counted on
// the first day it occurs in the range, the only one whose previous
// occurrence lies before the range. The work follows the number of days
// asked, not the number of images, and the entries per day stay few,
// because images recur within days or weeks.
//
// Stored as a blob of (day, count) pairs, each a little-endian int32,
// sorted by day; never-before is the smallest int32.
class SinceCounts final {
 public:
  static constexpr CivilDay kNever = std::numeric_limits<int32_t>::min();

  // Reads a stored blob; an empty or malformed blob reads as empty.
  static SinceCounts FromBlob(absl::string_view blob);
  // Empty when there is nothing to count.
  std::string ToBlob() const;

  // Adds `delta` (possibly negative) images last seen on `since`.
  void Add(CivilDay since, int64_t delta);
  // Merges another day's changes into this one.
  void AddAll(const SinceCounts& other);

  // Images whose previous occurrence is before `day` (never included).
  int64_t CountBefore(CivilDay day) const;
  // The same, read straight from a stored blob.
  static int64_t CountBefore(absl::string_view blob, CivilDay day);

  bool empty() const { return entries_.empty(); }

 private:
  std::vector<std::pair<CivilDay, int64_t>> entries_;  // by day, none zero
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STORE_SINCE_COUNTS_H_
