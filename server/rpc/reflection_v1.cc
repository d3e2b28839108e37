#include "server/rpc/reflection_v1.h"

#include <grpcpp/impl/codegen/client_context.h>
#include <grpcpp/impl/codegen/rpc_method.h>
#include <grpcpp/impl/codegen/sync_stream.h>

namespace insights {
namespace {

using grpc::reflection::v1::ServerReflectionRequest;
using grpc::reflection::v1::ServerReflectionResponse;

constexpr char kV1AlphaMethod[] =
    "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo";

}  // namespace

grpc::Status ReflectionV1Relay::ServerReflectionInfo(
    grpc::ServerContext* context,
    grpc::ServerReaderWriter<ServerReflectionResponse, ServerReflectionRequest>*
        stream) {
  std::shared_ptr<grpc::Channel> channel = std::atomic_load(&channel_);
  if (!channel) {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is starting");
  }
  grpc::ClientContext upstream_context;
  upstream_context.set_deadline(context->deadline());
  const grpc::internal::RpcMethod method(
      kV1AlphaMethod, grpc::internal::RpcMethod::BIDI_STREAMING, channel);
  std::unique_ptr<grpc::ClientReaderWriter<ServerReflectionRequest,
                                           ServerReflectionResponse>>
      upstream(grpc::internal::ClientReaderWriterFactory<
               ServerReflectionRequest,
               ServerReflectionResponse>::Create(channel.get(), method,
                                                 &upstream_context));

  // Reflection answers each request with exactly one response, in order.
  ServerReflectionRequest request;
  ServerReflectionResponse response;
  while (stream->Read(&request)) {
    if (!upstream->Write(request) || !upstream->Read(&response)) break;
    if (!stream->Write(response)) break;
  }
  upstream->WritesDone();
  while (upstream->Read(&response)) {
  }
  return upstream->Finish();
}

}  // namespace insights
