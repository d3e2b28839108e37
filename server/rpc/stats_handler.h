#ifndef INSIGHTS_SERVER_RPC_STATS_HANDLER_H_
#define INSIGHTS_SERVER_RPC_STATS_HANDLER_H_

#include "insights/v1/stats_service.grpc.pb.h"
#include "server/stats/workspace_stats.h"

namespace insights {

// The gRPC face of WorkspaceStats: takes the key from the request or its
// metadata, converts the status, logs the call. Thread-safe.
class StatsHandler final : public v1::AnnotationInsightsService::Service {
 public:
  explicit StatsHandler(WorkspaceStats& stats) : stats_(stats) {}

  grpc::Status GetWorkspaceStats(
      grpc::ServerContext* context, const v1::GetWorkspaceStatsRequest* request,
      v1::GetWorkspaceStatsResponse* response) override;

 private:
  WorkspaceStats& stats_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_STATS_HANDLER_H_
