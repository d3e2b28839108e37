#ifndef INSIGHTS_SERVER_RPC_STATS_HANDLER_H_
#define INSIGHTS_SERVER_RPC_STATS_HANDLER_H_

#include <memory>
#include <thread>
#include <vector>

#include <grpcpp/completion_queue.h>
#include <grpcpp/server_builder.h>

#include "insights/v1/stats_service.grpc.pb.h"
#include "server/rpc/stats_responder.h"

namespace insights {

using AsyncRawStatsService =
    v1::AnnotationInsightsService::WithRawMethod_GetWorkspaceStats<
        v1::AnnotationInsightsService::Service>;

// The gRPC door of GetWorkspaceStats, on gRPC's asynchronous API with the
// messages as bytes: it parses the request itself (so that a malformed one
// gets a message saying so) and sends the responder's bytes as they are,
// without serializing them again.
//
// Its own threads each drain one completion queue. They answer kept
// answers in place and hand the rest to the responder's workers, so they
// never wait on the database. gRPC's callback API would be less code, but
// its own polling threads cost a third of the hot path's throughput on two
// cores (README, "How it is built"). Thread-safe.
class StatsHandler final {
 public:
  explicit StatsHandler(StatsResponder& responder) : responder_(responder) {}
  ~StatsHandler() { Stop(); }

  StatsHandler(const StatsHandler&) = delete;
  StatsHandler& operator=(const StatsHandler&) = delete;

  // Before the server is built: registers the service and `threads`
  // completion queues with `builder`.
  void Register(grpc::ServerBuilder& builder, int threads);

  // Once the server is started: starts the threads taking calls.
  void Start();

  // Once the server is shut down and no reply can come any more: ends the
  // queues and joins the threads. Idempotent.
  void Stop();

 private:
  StatsResponder& responder_;
  AsyncRawStatsService service_;
  std::vector<std::unique_ptr<grpc::ServerCompletionQueue>> queues_;
  std::vector<std::thread> threads_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_STATS_HANDLER_H_
