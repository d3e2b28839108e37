#include "server/stats/approval_rate.h"

namespace insights {

std::optional<double> FirstPassRate(const FirstPassCounts& counts) {
  if (counts.decided_images <= 0) return std::nullopt;
  // Hundredths of a percent: round(10000 * passed / decided), halves up.
  const int64_t hundredths =
      (20000 * counts.approved_first_pass + counts.decided_images) /
      (2 * counts.decided_images);
  return static_cast<double>(hundredths) / 100.0;
}

}  // namespace insights
