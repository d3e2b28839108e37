#ifndef INSIGHTS_COMMON_LIMITS_H_
#define INSIGHTS_COMMON_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace insights {

// Documented bounds of the API (README, "Limits"): every request is bounded
// in size and count, and the client checks the same numbers before sending.
inline constexpr size_t kMaxIdBytes = 256;
inline constexpr int kMaxFilterValues = 100;
inline constexpr int kMaxEventsPerBatch = 5000;
inline constexpr int kMaxCatalogEntriesPerCall = 10000;
inline constexpr int64_t kMaxBoxesPerEvent = 100000;
inline constexpr int kMaxMessageBytes = 16 * 1024 * 1024;

}  // namespace insights

#endif  // INSIGHTS_COMMON_LIMITS_H_
