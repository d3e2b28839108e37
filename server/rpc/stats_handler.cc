#include "server/rpc/stats_handler.h"

#include "server/rpc/access_log.h"
#include "server/rpc/caller_key.h"
#include "server/rpc/grpc_status.h"

namespace insights {

grpc::Status StatsHandler::GetWorkspaceStats(
    grpc::ServerContext* context, const v1::GetWorkspaceStatsRequest* request,
    v1::GetWorkspaceStatsResponse* response) {
  AccessLog log("GetWorkspaceStats");
  log.set_workspace(request->workspace());

  absl::StatusOr<v1::GetWorkspaceStatsResponse> answer =
      stats_.Get(*request, CallerKey(request->api_key(), *context));
  if (!answer.ok()) return log.Finish(ToGrpcStatus(answer.status()));
  *response = std::move(*answer);
  return log.Finish(grpc::Status::OK);
}

}  // namespace insights
