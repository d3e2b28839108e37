#ifndef INSIGHTS_SERVER_RPC_STATS_HANDLER_H_
#define INSIGHTS_SERVER_RPC_STATS_HANDLER_H_

#include <grpcpp/support/byte_buffer.h>

#include <chrono>
#include <grpcpp/support/server_callback.h>

#include "insights/v1/stats_service.grpc.pb.h"
#include "server/rpc/call_workers.h"
#include "server/stats/workspace_stats.h"

namespace insights {

using RawStatsService =
    v1::AnnotationInsightsService::WithRawCallbackMethod_GetWorkspaceStats<
        v1::AnnotationInsightsService::Service>;

// The gRPC face of WorkspaceStats: takes the key from the request or its
// metadata, converts the status, logs the call. It answers with serialized
// bytes, so that an answer kept for repeated questions goes out as it is,
// without being rebuilt or serialized again; on gRPC's thread when it is
// kept, else on `workers`, since gRPC's callback threads must not wait on
// the database. Thread-safe.
class StatsHandler final : public RawStatsService {
 public:
  // Work on a call stops at the caller's deadline or `max_call_time` after
  // it arrived, whichever is first.
  StatsHandler(WorkspaceStats& stats, CallWorkers& workers,
               std::chrono::milliseconds max_call_time)
      : stats_(stats), workers_(workers), max_call_time_(max_call_time) {}

  grpc::ServerUnaryReactor* GetWorkspaceStats(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;

 private:
  WorkspaceStats& stats_;
  CallWorkers& workers_;
  const std::chrono::milliseconds max_call_time_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_STATS_HANDLER_H_
