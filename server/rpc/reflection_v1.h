#ifndef INSIGHTS_SERVER_RPC_REFLECTION_V1_H_
#define INSIGHTS_SERVER_RPC_REFLECTION_V1_H_

#include <atomic>
#include <memory>

#include <grpcpp/channel.h>

#include "grpc/reflection/v1/reflection.grpc.pb.h"

namespace insights {

// Server reflection under the package grpc.reflection.v1, for clients that
// speak only that version. gRPC 1.51 implements v1alpha alone; the two
// versions carry the same messages under different names, so each v1
// stream is relayed, message by message, to the v1alpha service of the same
// server over an in-process channel. Thread-safe.
class ReflectionV1Relay final
    : public grpc::reflection::v1::ServerReflection::Service {
 public:
  // Must be called once the server is built, before it takes calls.
  void set_channel(std::shared_ptr<grpc::Channel> in_process) {
    std::atomic_store(&channel_, std::move(in_process));
  }

  grpc::Status ServerReflectionInfo(
      grpc::ServerContext* context,
      grpc::ServerReaderWriter<grpc::reflection::v1::ServerReflectionResponse,
                               grpc::reflection::v1::ServerReflectionRequest>*
          stream) override;

 private:
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_REFLECTION_V1_H_
