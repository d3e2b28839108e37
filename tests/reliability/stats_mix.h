#ifndef INSIGHTS_TESTS_RELIABILITY_STATS_MIX_H_
#define INSIGHTS_TESTS_RELIABILITY_STATS_MIX_H_

#include <cstdint>
#include <string>
#include <vector>

#include <absl/status/statusor.h>

#include "insights/v1/stats_service.pb.h"

namespace insights::reliability {

// The GetWorkspaceStats requests that the concurrency and load commands
// send, written by the python test (which also knows their answers) as
//   {"hot": [REQUEST...], "cold": [REQUEST...], "coldEvery": N}
// with each REQUEST in proto JSON ({"workspace", "apiKey", "startDate",
// ...}). Hot requests come back again and again, so the answer cache serves
// them; cold ones are many and each comes back only after hundreds of
// others, so the cache has forgotten them and the store does the work.
struct StatsMix {
  std::vector<v1::GetWorkspaceStatsRequest> hot;
  std::vector<v1::GetWorkspaceStatsRequest> cold;
  int cold_every = 0;  // every Nth call is cold; 0: none is

  // The request of the `call`th call of a run, counted over all callers.
  const v1::GetWorkspaceStatsRequest& ForCall(uint64_t call) const;
};

absl::StatusOr<StatsMix> ReadStatsMix(const std::string& path);

}  // namespace insights::reliability

#endif  // INSIGHTS_TESTS_RELIABILITY_STATS_MIX_H_
