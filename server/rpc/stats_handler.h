#ifndef INSIGHTS_SERVER_RPC_STATS_HANDLER_H_
#define INSIGHTS_SERVER_RPC_STATS_HANDLER_H_

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include "insights/v1/stats_service.grpc.pb.h"
#include "server/rpc/stats_responder.h"

namespace insights {

using RawStatsService =
    v1::AnnotationInsightsService::WithRawCallbackMethod_GetWorkspaceStats<
        v1::AnnotationInsightsService::Service>;

// The gRPC door of GetWorkspaceStats, on gRPC's callback API with the
// messages as bytes: it parses the request itself (so that a malformed one
// gets a message saying so) and sends the responder's bytes as they are,
// without copying or serializing them again. Thread-safe.
class StatsHandler final : public RawStatsService {
 public:
  explicit StatsHandler(StatsResponder& responder) : responder_(responder) {}

  grpc::ServerUnaryReactor* GetWorkspaceStats(
      grpc::CallbackServerContext* context, const grpc::ByteBuffer* request,
      grpc::ByteBuffer* response) override;

 private:
  StatsResponder& responder_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_STATS_HANDLER_H_
