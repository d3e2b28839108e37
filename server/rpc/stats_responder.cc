#include "server/rpc/stats_responder.h"

#include <algorithm>
#include <utility>

#include "server/rpc/access_log.h"
#include "server/rpc/grpc_status.h"

namespace insights {

void StatsResponder::Respond(const v1::GetWorkspaceStatsRequest& request,
                             const std::string& metadata_key,
                             std::chrono::system_clock::time_point deadline,
                             Reply reply) {
  AccessLog log("GetWorkspaceStats");
  log.set_workspace(request.workspace());
  const std::string& key =
      request.api_key().empty() ? metadata_key : request.api_key();
  absl::StatusOr<StatsQuery> query = stats_.Resolve(request, key);
  if (!query.ok()) {
    reply(log.Finish(ToGrpcStatus(query.status())), nullptr);
    return;
  }
  query->deadline =
      std::min(deadline, std::chrono::system_clock::now() + max_call_time_);
  if (auto kept = stats_.KeptAnswer(*query)) {
    reply(log.Finish(grpc::Status::OK), std::move(kept));
    return;
  }

  // Shared, so that the reply is still there to refuse the call with when
  // the queue does not take the work (which then never runs).
  auto shared_reply = std::make_shared<Reply>(std::move(reply));
  const bool queued = workers_.Submit([this, log, shared_reply,
                                       query = std::move(*query)] {
    if (query.deadline <= std::chrono::system_clock::now()) {
      (*shared_reply)(
          log.Finish(grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                                  "the deadline passed while the call waited")),
          nullptr);
      return;
    }
    absl::StatusOr<std::shared_ptr<const std::string>> answer =
        stats_.Answer(query);
    if (!answer.ok()) {
      (*shared_reply)(log.Finish(ToGrpcStatus(answer.status())), nullptr);
      return;
    }
    (*shared_reply)(log.Finish(grpc::Status::OK), std::move(*answer));
  });
  if (!queued) {
    (*shared_reply)(log.Finish(grpc::Status(
                        grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "too many statistics calls are waiting; retry later")),
                    nullptr);
  }
}

}  // namespace insights
