#ifndef INSIGHTS_SERVER_STATS_WORKSPACE_STATS_H_
#define INSIGHTS_SERVER_STATS_WORKSPACE_STATS_H_

#include <cstdint>
#include <functional>
#include <absl/strings/string_view.h>

#include <absl/status/statusor.h>

#include "common/limits.h"
#include "insights/v1/stats_service.pb.h"
#include "server/stats/civil_day.h"
#include "server/store/store.h"

namespace insights {

struct WorkspaceStatsOptions {
  // The first day with metrics: earlier starts are moved to it.
  CivilDay history_start = 0;
  // Seconds since the Unix epoch; decides "today" when end_date is empty.
  std::function<int64_t()> now_unix_seconds;
};

// GetWorkspaceStats without the RPC around it: authentication, validation,
// the query and the shaping of the answer. Thread-safe; `store` must
// outlive it.
class WorkspaceStats final {
 public:
  WorkspaceStats(Store& store, WorkspaceStatsOptions options)
      : store_(store), options_(std::move(options)) {}

  // `api_key` is the caller's key, from whichever place it was sent; empty
  // when none was. Errors: UNAUTHENTICATED without a key; PERMISSION_DENIED,
  // the same for both, for a wrong key or an unknown workspace;
  // INVALID_ARGUMENT naming the parameter for bad dates, filters or ids;
  // the store's errors otherwise. Filters that match nothing give an empty
  // answer, not an error.
  absl::StatusOr<v1::GetWorkspaceStatsResponse> Get(
      const v1::GetWorkspaceStatsRequest& request, absl::string_view api_key);

 private:
  absl::Status Authorize(const std::string& workspace,
                         absl::string_view api_key);

  Store& store_;
  const WorkspaceStatsOptions options_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STATS_WORKSPACE_STATS_H_
