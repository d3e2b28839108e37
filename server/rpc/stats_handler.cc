#include "server/rpc/stats_handler.h"

#include <grpcpp/support/proto_buffer_reader.h>

#include <string>
#include <utility>

#include "server/rpc/access_log.h"
#include "server/rpc/caller_key.h"
#include "server/rpc/unparsed_request_interceptor.h"

namespace insights {
namespace {

// Calls each queue keeps asked for ahead of their arrival, so that a burst
// of new calls does not wait for the thread to ask again.
constexpr int kCallsAskedAheadPerQueue = 32;

// A copy of `bytes` in memory gRPC owns. Lending the kept bytes instead
// would save a copy of a few kilobytes (well under a microsecond), but
// their last reference would then be dropped on one of gRPC's threads, in
// an order only gRPC's uninstrumented queue knows, which a race detector
// cannot follow.
grpc::ByteBuffer CopiedByteBuffer(const std::string& bytes) {
  grpc::Slice slice(bytes.data(), bytes.size());
  return grpc::ByteBuffer(&slice, 1);
}

bool ParseRequest(grpc::ByteBuffer& bytes,
                  v1::GetWorkspaceStatsRequest& request) {
  grpc::ProtoBufferReader reader(&bytes);
  return request.ParseFromZeroCopyStream(&reader);
}

// One GetWorkspaceStats call, from asking gRPC for it to its reply. Its
// address is the tag of both of its queue events; it deletes itself after
// the second.
class StatsCall final {
 public:
  // Asks for the next call on `queue`.
  static void AskForNext(AsyncRawStatsService& service,
                         StatsResponder& responder,
                         grpc::ServerCompletionQueue& queue) {
    auto* call = new StatsCall(service, responder, queue);
    service.RequestGetWorkspaceStats(&call->context_, &call->request_bytes_,
                                     &call->writer_, &queue, &queue, call);
  }

  // Takes the queue event tagged with this call. `ok` false: the call
  // never came (the server is stopping) or its reply was not sent.
  void OnEvent(bool ok) {
    if (!arrived_ && ok) {
      arrived_ = true;
      AskForNext(service_, responder_, queue_);
      Answer();  // the reply may come later, from a worker thread
      return;
    }
    delete this;
  }

 private:
  StatsCall(AsyncRawStatsService& service, StatsResponder& responder,
            grpc::ServerCompletionQueue& queue)
      : service_(service),
        responder_(responder),
        queue_(queue),
        writer_(&context_) {}

  void Answer() {
    v1::GetWorkspaceStatsRequest request;
    if (!ParseRequest(request_bytes_, request)) {
      // Also what invalid UTF-8 in a string field comes to.
      writer_.FinishWithError(
          AccessLog("GetWorkspaceStats")
              .Finish(grpc::Status(
                  grpc::StatusCode::INVALID_ARGUMENT,
                  UnparsedRequestMessage(*request.GetDescriptor()))),
          this);
      return;
    }
    responder_.Respond(request, MetadataKey(context_), context_.deadline(),
                       [this](const grpc::Status& status,
                              std::shared_ptr<const std::string> answer) {
                         if (status.ok()) {
                           writer_.Finish(CopiedByteBuffer(*answer), status,
                                          this);
                         } else {
                           writer_.FinishWithError(status, this);
                         }
                       });
  }

  AsyncRawStatsService& service_;
  StatsResponder& responder_;
  grpc::ServerCompletionQueue& queue_;
  grpc::ServerContext context_;
  grpc::ByteBuffer request_bytes_;
  grpc::ServerAsyncResponseWriter<grpc::ByteBuffer> writer_;
  bool arrived_ = false;
};

// Runs the queue's events until it is shut down and empty.
void Drain(grpc::ServerCompletionQueue& queue) {
  void* tag = nullptr;
  bool ok = false;
  while (queue.Next(&tag, &ok)) static_cast<StatsCall*>(tag)->OnEvent(ok);
}

}  // namespace

void StatsHandler::Register(grpc::ServerBuilder& builder, int threads) {
  builder.RegisterService(&service_);
  for (int i = 0; i < threads; ++i) {
    queues_.push_back(builder.AddCompletionQueue());
  }
}

void StatsHandler::Start() {
  for (auto& queue : queues_) {
    for (int i = 0; i < kCallsAskedAheadPerQueue; ++i) {
      StatsCall::AskForNext(service_, responder_, *queue);
    }
    threads_.emplace_back([queue = queue.get()] { Drain(*queue); });
  }
}

void StatsHandler::Stop() {
  for (auto& queue : queues_) queue->Shutdown();
  for (std::thread& thread : threads_) thread.join();
  // Not started: nobody drained them, and gRPC requires it.
  if (threads_.empty()) {
    for (auto& queue : queues_) Drain(*queue);
  }
  threads_.clear();
  queues_.clear();
}

}  // namespace insights
