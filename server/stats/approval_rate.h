#ifndef INSIGHTS_SERVER_STATS_APPROVAL_RATE_H_
#define INSIGHTS_SERVER_STATS_APPROVAL_RATE_H_

#include <optional>

#include "server/store/store.h"

namespace insights {

// The first-pass approval rate as a percentage with two decimals, halves
// rounded up on the exact fraction (29 of 32 is 90.63), computed in
// integers so that no binary rounding can tip a half the wrong way.
// nullopt when no image was decided.
std::optional<double> FirstPassRate(const FirstPassCounts& counts);

}  // namespace insights

#endif  // INSIGHTS_SERVER_STATS_APPROVAL_RATE_H_
