#include "server/rpc/stats_handler.h"

#include <grpcpp/support/proto_buffer_reader.h>

#include <algorithm>
#include <chrono>
#include <memory>
#include <string>
#include <utility>

#include "server/rpc/access_log.h"
#include "server/rpc/caller_key.h"
#include "server/rpc/grpc_status.h"

namespace insights {
namespace {

// Sends `bytes` without copying them: the slice keeps them alive.
grpc::ByteBuffer SharedByteBuffer(std::shared_ptr<const std::string> bytes) {
  auto* owner = new std::shared_ptr<const std::string>(std::move(bytes));
  grpc::Slice slice(
      const_cast<char*>((*owner)->data()), (*owner)->size(),
      [](void* kept) {
        delete static_cast<std::shared_ptr<const std::string>*>(kept);
      },
      owner);
  return grpc::ByteBuffer(&slice, 1);
}

bool ParseRequest(const grpc::ByteBuffer& bytes,
                  v1::GetWorkspaceStatsRequest& request) {
  grpc::ByteBuffer copy(bytes);  // shares the slices; the reader takes it
  grpc::ProtoBufferReader reader(&copy);
  return request.ParseFromZeroCopyStream(&reader);
}

}  // namespace

grpc::ServerUnaryReactor* StatsHandler::GetWorkspaceStats(
    grpc::CallbackServerContext* context, const grpc::ByteBuffer* request_bytes,
    grpc::ByteBuffer* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  AccessLog log("GetWorkspaceStats");
  v1::GetWorkspaceStatsRequest request;
  if (!ParseRequest(*request_bytes, request)) {
    // Also what invalid UTF-8 in a string field comes to.
    reactor->Finish(log.Finish(grpc::Status(
        grpc::StatusCode::INVALID_ARGUMENT,
        "the request is not a valid insights.v1.GetWorkspaceStatsRequest "
        "(strings must be UTF-8)")));
    return reactor;
  }
  log.set_workspace(request.workspace());

  absl::StatusOr<StatsQuery> query =
      stats_.Resolve(request, CallerKey(request.api_key(), *context));
  if (!query.ok()) {
    reactor->Finish(log.Finish(ToGrpcStatus(query.status())));
    return reactor;
  }
  query->deadline = std::min(context->deadline(),
                             std::chrono::system_clock::now() + max_call_time_);
  if (auto kept = stats_.KeptAnswer(*query)) {
    *response = SharedByteBuffer(std::move(kept));
    reactor->Finish(log.Finish(grpc::Status::OK));
    return reactor;
  }

  const bool queued = workers_.Submit(
      [this, context, reactor, response, log, query = std::move(*query)] {
        if (query.deadline <= std::chrono::system_clock::now()) {
          reactor->Finish(log.Finish(
              grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED,
                           "the deadline passed while the call waited")));
          return;
        }
        absl::StatusOr<std::shared_ptr<const std::string>> answer =
            stats_.Answer(query);
        if (!answer.ok()) {
          reactor->Finish(log.Finish(ToGrpcStatus(answer.status())));
          return;
        }
        *response = SharedByteBuffer(std::move(*answer));
        reactor->Finish(log.Finish(grpc::Status::OK));
      });
  if (!queued) {
    reactor->Finish(log.Finish(
        grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                     "too many statistics calls are waiting; retry later")));
  }
  return reactor;
}

}  // namespace insights
