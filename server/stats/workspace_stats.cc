#include "server/stats/workspace_stats.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/string_view.h>

#include <utility>

#include "common/id_check.h"
#include "server/auth/api_key_hash.h"
#include "server/stats/date_range.h"
#include "server/stats/stats_response.h"
#include "server/store/stats_query_key.h"

namespace insights {
namespace {

absl::Status CheckFilter(
    absl::string_view name,
    const google::protobuf::RepeatedPtrField<std::string>& values) {
  if (values.size() > kMaxFilterValues) {
    return absl::InvalidArgumentError(absl::StrCat(name, " has ", values.size(),
                                                   " values; the limit is ",
                                                   kMaxFilterValues));
  }
  for (const std::string& value : values) {
    absl::Status valid = CheckId(name, value);
    if (!valid.ok()) return valid;
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status WorkspaceStats::Authorize(const std::string& workspace,
                                       absl::string_view api_key) {
  if (api_key.empty()) {
    return absl::UnauthenticatedError(
        "an API key is required: pass api_key, header x-api-key or"
        " authorization: Bearer KEY");
  }
  absl::StatusOr<bool> granted =
      store_.WorkspaceHasKey(workspace, HashApiKey(api_key));
  if (!granted.ok()) return granted.status();
  if (!*granted) {
    // Deliberately the same for a wrong key and a missing workspace.
    return absl::PermissionDeniedError(absl::StrCat(
        "the API key does not grant access to workspace \"", workspace, "\""));
  }
  return absl::OkStatus();
}

absl::StatusOr<StatsQuery> WorkspaceStats::Resolve(
    const v1::GetWorkspaceStatsRequest& request, absl::string_view api_key) {
  absl::Status valid = CheckId("workspace", request.workspace());
  if (!valid.ok()) return valid;
  absl::Status authorized = Authorize(request.workspace(), api_key);
  if (!authorized.ok()) return authorized;
  valid = CheckFilter("projectId", request.project_id());
  if (valid.ok()) valid = CheckFilter("userId", request.user_id());
  if (!valid.ok()) return valid;

  const CivilDay today = CivilDayOfUnixSeconds(options_.now_unix_seconds());
  absl::StatusOr<DayRange> range = ResolveDayRange(
      request.start_date(), request.end_date(), today, options_.history_start);
  if (!range.ok()) return range.status();

  return StatsQuery{request.workspace(),
                    range->first,
                    range->last,
                    {request.project_id().begin(), request.project_id().end()},
                    {request.user_id().begin(), request.user_id().end()}};
}

absl::StatusOr<v1::GetWorkspaceStatsResponse> WorkspaceStats::Get(
    const v1::GetWorkspaceStatsRequest& request, absl::string_view api_key) {
  absl::StatusOr<StatsQuery> query = Resolve(request, api_key);
  if (!query.ok()) return query.status();
  absl::StatusOr<WorkspaceActivity> activity = store_.QueryActivity(*query);
  if (!activity.ok()) return activity.status();
  return BuildStatsResponse(query->workspace_id, *activity,
                            options_.history_start);
}

std::shared_ptr<const std::string> WorkspaceStats::KeptAnswer(
    const StatsQuery& query) {
  return KeptAnswerUnder(StatsQueryKey(query));
}

std::shared_ptr<const std::string> WorkspaceStats::KeptAnswerUnder(
    const std::string& key) {
  if (!options_.data_generation) return nullptr;
  const uint64_t generation = options_.data_generation();
  std::lock_guard<std::mutex> lock(answers_mutex_);
  const Kept* kept = answers_.Find(key);
  if (kept == nullptr || kept->generation != generation) return nullptr;
  return kept->bytes;
}

absl::StatusOr<std::shared_ptr<const std::string>> WorkspaceStats::Answer(
    const StatsQuery& query) {
  std::string key = StatsQueryKey(query);
  if (auto kept = KeptAnswerUnder(key)) return kept;
  // Read before the query: if a write lands meanwhile, the generation has
  // moved on and the answer is never served as current.
  const uint64_t generation =
      options_.data_generation ? options_.data_generation() : 0;
  absl::StatusOr<WorkspaceActivity> activity = store_.QueryActivity(query);
  if (!activity.ok()) return activity.status();
  auto bytes = std::make_shared<const std::string>(
      BuildStatsResponse(query.workspace_id, *activity, options_.history_start)
          .SerializeAsString());
  if (options_.data_generation) {
    std::lock_guard<std::mutex> lock(answers_mutex_);
    answers_.Insert(std::move(key), Kept{generation, bytes});
  }
  return bytes;
}

}  // namespace insights
