#ifndef INSIGHTS_SERVER_STATS_WORKSPACE_STATS_H_
#define INSIGHTS_SERVER_STATS_WORKSPACE_STATS_H_

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>

#include "common/limits.h"
#include "common/lru_cache.h"
#include "insights/v1/stats_service.pb.h"
#include "server/stats/civil_day.h"
#include "server/store/store.h"

namespace insights {

struct WorkspaceStatsOptions {
  // The first day with metrics: earlier starts are moved to it.
  CivilDay history_start = 0;
  // Seconds since the Unix epoch; decides "today" when end_date is empty.
  std::function<int64_t()> now_unix_seconds;
  // Counts the store's writes (CachedStore::generation). When set,
  // serialized answers are kept and reused while it stays the same.
  std::function<uint64_t()> data_generation;
};

// GetWorkspaceStats without the RPC around it: authentication, validation,
// the query and the shaping of the answer. Thread-safe; `store` must
// outlive it.
class WorkspaceStats final {
 public:
  // Serialized answers kept for repeated questions: dashboards reload the
  // same few views, and a kept answer skips building and serializing.
  static constexpr size_t kKeptAnswers = 256;

  WorkspaceStats(Store& store, WorkspaceStatsOptions options)
      : store_(store), options_(std::move(options)), answers_(kKeptAnswers) {}

  // `api_key` is the caller's key, from whichever place it was sent; empty
  // when none was. Errors: UNAUTHENTICATED without a key; PERMISSION_DENIED,
  // the same for both, for a wrong key or an unknown workspace;
  // INVALID_ARGUMENT naming the parameter for bad dates, filters or ids;
  // the store's errors otherwise. Filters that match nothing give an empty
  // answer, not an error.
  absl::StatusOr<v1::GetWorkspaceStatsResponse> Get(
      const v1::GetWorkspaceStatsRequest& request, absl::string_view api_key);

  // Get in three steps, for callers that answer from serialized bytes and
  // run only the slow step off their thread. Resolve checks the key and the
  // request (errors as Get's) and gives the query it asks; it is quick.
  absl::StatusOr<StatsQuery> Resolve(
      const v1::GetWorkspaceStatsRequest& request, absl::string_view api_key);
  // The serialized answer to `query` when one is kept for the current
  // data; nullptr otherwise.
  std::shared_ptr<const std::string> KeptAnswer(const StatsQuery& query);
  // The serialized answer to `query`, computed (and kept) when needed.
  absl::StatusOr<std::shared_ptr<const std::string>> Answer(
      const StatsQuery& query);

 private:
  struct Kept {
    uint64_t generation;
    std::shared_ptr<const std::string> bytes;
  };

  absl::Status Authorize(const std::string& workspace,
                         absl::string_view api_key);
  // KeptAnswer for a query whose key (StatsQueryKey) is already made.
  std::shared_ptr<const std::string> KeptAnswerUnder(const std::string& key);

  Store& store_;
  const WorkspaceStatsOptions options_;
  std::mutex answers_mutex_;
  LruCache<Kept> answers_;  // guarded by answers_mutex_
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_STATS_WORKSPACE_STATS_H_
