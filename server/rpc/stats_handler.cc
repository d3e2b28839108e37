#include "server/rpc/stats_handler.h"

#include <grpcpp/support/proto_buffer_reader.h>

#include <memory>
#include <string>
#include <utility>

#include "server/rpc/access_log.h"
#include "server/rpc/caller_key.h"

namespace insights {
namespace {

// Sends `bytes` without copying them: the slice keeps them alive. Takes
// its own reference rather than the caller's, so that the caller's release
// of it follows every read here, in an order a race detector can see.
grpc::ByteBuffer SharedByteBuffer(
    const std::shared_ptr<const std::string>& bytes) {
  auto* owner = new std::shared_ptr<const std::string>(bytes);
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
  v1::GetWorkspaceStatsRequest request;
  if (!ParseRequest(*request_bytes, request)) {
    // Also what invalid UTF-8 in a string field comes to.
    reactor->Finish(AccessLog("GetWorkspaceStats")
                        .Finish(grpc::Status(
                            grpc::StatusCode::INVALID_ARGUMENT,
                            "the request is not a valid "
                            "insights.v1.GetWorkspaceStatsRequest (strings "
                            "must be UTF-8)")));
    return reactor;
  }
  responder_.Respond(
      request, MetadataKey(*context), context->deadline(),
      [reactor, response](const grpc::Status& status,
                          std::shared_ptr<const std::string> answer) {
        if (status.ok()) *response = SharedByteBuffer(answer);
        reactor->Finish(status);
      });
  return reactor;
}

}  // namespace insights
