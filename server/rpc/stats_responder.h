#ifndef INSIGHTS_SERVER_RPC_STATS_RESPONDER_H_
#define INSIGHTS_SERVER_RPC_STATS_RESPONDER_H_

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include <grpcpp/support/status.h>

#include "insights/v1/stats_service.pb.h"
#include "server/rpc/call_workers.h"
#include "server/stats/workspace_stats.h"

namespace insights {

// One GetWorkspaceStats call, whichever door it came through (gRPC, or the
// REST gateway calling directly): picks the key, bounds the time, logs the
// call and answers with serialized bytes, so that an answer kept for a
// repeated question goes out as it is. A kept answer is given on the
// caller's thread; anything else runs on `workers`, because gRPC's callback
// threads and the gateway's event loops must not wait on the database.
// Thread-safe.
class StatsResponder final {
 public:
  // The status and, when OK, the serialized GetWorkspaceStatsResponse.
  using Reply = std::function<void(const grpc::Status&,
                                   std::shared_ptr<const std::string>)>;

  // Work on a call stops at its deadline or `max_call_time` after it
  // arrived, whichever is first.
  StatsResponder(WorkspaceStats& stats, CallWorkers& workers,
                 std::chrono::milliseconds max_call_time)
      : stats_(stats), workers_(workers), max_call_time_(max_call_time) {}

  // `metadata_key` is the key sent as metadata (MetadataKey); the request's
  // own api_key field comes first. `reply` runs exactly once.
  void Respond(const v1::GetWorkspaceStatsRequest& request,
               const std::string& metadata_key,
               std::chrono::system_clock::time_point deadline, Reply reply);

 private:
  WorkspaceStats& stats_;
  CallWorkers& workers_;
  const std::chrono::milliseconds max_call_time_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_STATS_RESPONDER_H_
