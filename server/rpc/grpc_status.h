#ifndef INSIGHTS_SERVER_RPC_GRPC_STATUS_H_
#define INSIGHTS_SERVER_RPC_GRPC_STATUS_H_

#include <absl/status/status.h>
#include <grpcpp/support/status.h>

namespace insights {

// The gRPC form of a status; the codes are numerically the same.
inline grpc::Status ToGrpcStatus(const absl::Status& status) {
  return grpc::Status(static_cast<grpc::StatusCode>(status.code()),
                      std::string(status.message()));
}

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_GRPC_STATUS_H_
