#include "server/gateway/unary_caller.h"

#include <grpcpp/impl/codegen/proto_utils.h>

#include <vector>

namespace insights::gateway {

using google::protobuf::Message;

struct UnaryCaller::Pending {
  grpc::ClientContext context;
  std::unique_ptr<Message> request;
  std::unique_ptr<Message> reply;
  Done done;
};

UnaryCaller::UnaryCaller(std::shared_ptr<grpc::Channel> channel,
                         std::chrono::nanoseconds default_timeout)
    : stub_(std::move(channel)), default_timeout_(default_timeout) {}

void UnaryCaller::Call(const std::string& method,
                       std::unique_ptr<Message> request,
                       const google::protobuf::Descriptor& reply_type,
                       const CallMetadata& metadata, Done done) {
  auto call = std::make_shared<Pending>();
  call->request = std::move(request);
  call->reply.reset(google::protobuf::MessageFactory::generated_factory()
                        ->GetPrototype(&reply_type)
                        ->New());
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
        nullptr);
    return;
  }
  stub_.UnaryCall(&call->context, method, grpc::StubOptions(),
                  call->request.get(), call->reply.get(),
                  [this, call](grpc::Status status) { Finish(call, status); });
}

void UnaryCaller::Finish(const std::shared_ptr<Pending>& call,
                         const grpc::Status& status) {
  call->done(status, status.ok() ? std::move(call->reply) : nullptr);
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
