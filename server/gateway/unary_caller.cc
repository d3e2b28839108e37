#include "server/gateway/unary_caller.h"

#include <grpcpp/support/slice.h>

#include <utility>
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
                         LocalMethods local,
                         std::chrono::nanoseconds default_timeout)
    : stub_(std::move(channel)),
      local_(std::move(local)),
      default_timeout_(default_timeout) {}

void UnaryCaller::Call(const std::string& method, const Message& request,
                       const CallMetadata& metadata, Done done) {
  auto call = std::make_shared<Pending>();
  call->done = std::move(done);
  const auto deadline = std::chrono::system_clock::now() +
                        std::chrono::duration_cast<std::chrono::microseconds>(
                            metadata.timeout.value_or(default_timeout_));
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

  if (auto local = local_.find(method); local != local_.end()) {
    local->second(request.SerializeAsString(), metadata.entries, deadline,
                  [this, call](const grpc::Status& status, std::string reply) {
                    Finish(call, status, std::move(reply));
                  });
    return;
  }
  grpc::Slice slice(request.SerializeAsString());
  call->request = grpc::ByteBuffer(&slice, 1);
  for (const auto& [name, value] : metadata.entries)
    call->context.AddMetadata(name, value);
  call->context.set_deadline(deadline);
  stub_.UnaryCall(
      &call->context, method, grpc::StubOptions(), &call->request, &call->reply,
      [this, call](grpc::Status status) {
        std::string reply;
        grpc::Slice flat;
        if (status.ok() && call->reply.DumpToSingleSlice(&flat).ok()) {
          reply.assign(reinterpret_cast<const char*>(flat.begin()),
                       flat.size());
        }
        Finish(call, status, std::move(reply));
      });
}

void UnaryCaller::Finish(const std::shared_ptr<Pending>& call,
                         const grpc::Status& status, std::string reply) {
  // gRPC keeps `call` alive in its callback until after this returns. The
  // answer's callback may hold the HTTP connection, which must be released
  // before Close can see no call in flight and the listener that owns the
  // connection is freed: so it leaves `call` and ends here.
  {
    Done done;
    std::swap(done, call->done);
    done(status, std::move(reply));
  }
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
  // once. A local call cannot be cancelled; it ends by its deadline.
  for (const auto& call : late) call->context.TryCancel();
  late.clear();
  absl::MutexLock lock(&mutex_);
  mutex_.Await(absl::Condition(&idle));
}

}  // namespace insights::gateway
