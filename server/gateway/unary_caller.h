#ifndef INSIGHTS_SERVER_GATEWAY_UNARY_CALLER_H_
#define INSIGHTS_SERVER_GATEWAY_UNARY_CALLER_H_

#include <absl/container/flat_hash_map.h>
#include <absl/container/flat_hash_set.h>
#include <absl/synchronization/mutex.h>
#include <google/protobuf/message.h>
#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "server/gateway/call_metadata.h"

namespace insights::gateway {

// The status of a call and, when OK, its serialized reply.
using UnaryDone = std::function<void(const grpc::Status&, std::string reply)>;

// A unary method the gateway calls directly instead of through the
// in-process channel, as grpc-gateway does with handlers registered from
// the server itself: the gRPC hop costs as much as the rest of a REST call.
// It gets the serialized request, the call's metadata (names lowercase) and
// deadline, and calls `done` exactly once, on any thread.
using LocalMethod = std::function<void(
    std::string request, const HeaderList& metadata,
    std::chrono::system_clock::time_point deadline, UnaryDone done)>;
// By full method name, "/package.Service/Method".
using LocalMethods = absl::flat_hash_map<std::string, LocalMethod>;

// Calls unary methods by name ("/pkg.Service/Method") with messages built
// from descriptors, without blocking the caller's thread: the local method
// of that name when there is one, else over the channel. The reply comes
// back serialized, as it travelled: equal bytes mean an equal answer,
// which lets the gateway reuse what it rendered from them. Keeps count of
// the calls in flight so that shutdown can wait for them. Thread-safe.
class UnaryCaller final {
 public:
  using Done = UnaryDone;

  UnaryCaller(std::shared_ptr<grpc::Channel> channel, LocalMethods local,
              std::chrono::nanoseconds default_timeout);

  // Starts a call with `metadata`; its deadline is metadata.timeout, else
  // the default. `done` runs exactly once, on a gRPC thread; after Close,
  // at once with UNAVAILABLE.
  void Call(const std::string& method, const google::protobuf::Message& request,
            const CallMetadata& metadata, Done done);

  // Refuses new calls, waits up to `grace` for those in flight, cancels the
  // rest and waits until each `done` has returned.
  void Close(std::chrono::milliseconds grace);

 private:
  struct Pending;

  void Finish(const std::shared_ptr<Pending>& call, const grpc::Status& status,
              std::string reply);

  grpc::GenericStub stub_;
  const LocalMethods local_;
  const std::chrono::nanoseconds default_timeout_;
  absl::Mutex mutex_;
  absl::flat_hash_set<std::shared_ptr<Pending>> in_flight_
      ABSL_GUARDED_BY(mutex_);
  bool closed_ ABSL_GUARDED_BY(mutex_) = false;
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_UNARY_CALLER_H_
