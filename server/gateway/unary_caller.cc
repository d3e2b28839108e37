#include "server/gateway/unary_caller.h"

#include <grpcpp/support/slice.h>

#include <vector>

namespace insights::gateway {

using google::protobuf::Message;

struct UnaryCaller::Pending {
  grpc::ClientContext context;
  grpc::ByteBuffer request;
  grpc::ByteBuffer reply;
  Done done;
};

UnaryCaller::UnaryCaller(std::shared_ptr<grpc::Channel> channel,
                         std::chrono::nanoseconds default_timeout)
    : stub_(std::move(channel)), default_timeout_(default_timeout) {}

void UnaryCaller::Call(const std::string& method, const Message& request,
                       const CallMetadata& metadata, Done done) {
  auto call = std::make_shared<Pending>();
  grpc::Slice slice(request.SerializeAsString());
  call->request = grpc::ByteBuffer(&slice, 1);
  call->done = std::move(done);
  for (const auto& [name, value] : metadata.entries)
    call->context.AddMetadata(name, value);
  const auto timeout = metadata.timeout.value_or(default_timeout_);
  call->context.set_deadline(
      std::chrono::system_clock::now() +
      std::chrono::duration_cast<std::chrono::microseconds>(timeout));
  bool refused;
  {
    absl::MutexLock lock(&mutex_);
    refused = closed_;
    if (!refused) in_flight_.insert(call);
  }
  if (refused) {
    call->done(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is stopping"),
        std::string());
    return;
  }
  stub_.UnaryCall(&call->context, method, grpc::StubOptions(), &call->request,
                  &call->reply,
                  [this, call](grpc::Status status) { Finish(call, status); });
}

void UnaryCaller::Finish(const std::shared_ptr<Pending>& call,
                         const grpc::Status& status) {
  std::string reply;
  if (status.ok()) {
    grpc::Slice flat;
    if (call->reply.DumpToSingleSlice(&flat).ok()) {
      reply.assign(reinterpret_cast<const char*>(flat.begin()), flat.size());
    }
  }
  call->done(status, std::move(reply));
  absl::MutexLock lock(&mutex_);
  in_flight_.erase(call);
}

void UnaryCaller::Close(std::chrono::milliseconds grace) {
  auto idle = [this]() ABSL_SHARED_LOCKS_REQUIRED(mutex_) {
    return in_flight_.empty();
  };
  std::vector<std::shared_ptr<Pending>> late;
  {
    absl::MutexLock lock(&mutex_);
    closed_ = true;
    if (mutex_.AwaitWithTimeout(absl::Condition(&idle),
                                absl::FromChrono(grace)))
      return;
    late.assign(in_flight_.begin(), in_flight_.end());
  }
  // Cancelled outside the lock: gRPC may run a callback, which takes it, at
  // once.
  for (const auto& call : late) call->context.TryCancel();
  late.clear();
  absl::MutexLock lock(&mutex_);
  mutex_.Await(absl::Condition(&idle));
}

}  // namespace insights::gateway
