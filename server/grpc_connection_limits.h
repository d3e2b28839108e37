#ifndef INSIGHTS_SERVER_GRPC_CONNECTION_LIMITS_H_
#define INSIGHTS_SERVER_GRPC_CONNECTION_LIMITS_H_

#include <grpcpp/server_builder.h>

namespace insights {

// Sets the channel arguments that bound what one gRPC connection may hold
// and for how long: a connection that never finishes its handshake, sits
// idle, belongs to a peer that vanished, pings abusively or opens streams
// without end. The values and their reasons are in the .cc file and in the
// README ("Limits").
void ApplyGrpcConnectionLimits(grpc::ServerBuilder& builder);

}  // namespace insights

#endif  // INSIGHTS_SERVER_GRPC_CONNECTION_LIMITS_H_
