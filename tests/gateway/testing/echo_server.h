// The test-only EchoService (echo_service.proto) served by a real gRPC
// server on 127.0.0.1 with a port the kernel picks, and the REST gateway in
// front of it, as insights-server puts them together.

#ifndef INSIGHTS_TESTS_GATEWAY_TESTING_ECHO_SERVER_H_
#define INSIGHTS_TESTS_GATEWAY_TESTING_ECHO_SERVER_H_

#include <absl/status/status.h>
#include <grpcpp/server.h>

#include <memory>

#include "server/gateway/http_gateway.h"
#include "tests/gateway/testing/echo_service.grpc.pb.h"

namespace insights::gateway::testing {

// Answers from its request alone, so that tests can read back what the
// gateway bound.
class EchoServiceImpl final
    : public insights::testing::v1::EchoService::Service {
 public:
  using Thing = insights::testing::v1::Thing;

  grpc::Status GetThing(grpc::ServerContext*,
                        const insights::testing::v1::GetThingRequest* request,
                        Thing* reply) override;
  grpc::Status GetDefaultThing(
      grpc::ServerContext*,
      const insights::testing::v1::GetThingRequest* request,
      Thing* reply) override;
  grpc::Status GetFile(grpc::ServerContext*,
                       const insights::testing::v1::GetFileRequest* request,
                       Thing* reply) override;
  grpc::Status CreateThing(grpc::ServerContext*, const Thing* request,
                           Thing* reply) override;
  grpc::Status UpdateThing(
      grpc::ServerContext*,
      const insights::testing::v1::UpdateThingRequest* request,
      Thing* reply) override;
  grpc::Status ListLabels(
      grpc::ServerContext*,
      const insights::testing::v1::ListLabelsRequest* request,
      insights::testing::v1::ListLabelsResponse* reply) override;
  grpc::Status DeleteThing(
      grpc::ServerContext*,
      const insights::testing::v1::DeleteThingRequest* request,
      insights::testing::v1::DeleteThingResponse* reply) override;
  grpc::Status ArchiveThing(
      grpc::ServerContext*,
      const insights::testing::v1::ArchiveThingRequest* request,
      Thing* reply) override;
  grpc::Status EchoTypes(grpc::ServerContext*,
                         const insights::testing::v1::AllTypes* request,
                         insights::testing::v1::AllTypes* reply) override;
  grpc::Status Fail(grpc::ServerContext*,
                    const insights::testing::v1::FailRequest* request,
                    insights::testing::v1::FailResponse* reply) override;
  grpc::Status EchoMetadata(
      grpc::ServerContext* context,
      const insights::testing::v1::EchoMetadataRequest* request,
      insights::testing::v1::EchoMetadataResponse* reply) override;
};

// The gRPC server and the gateway, stopped on destruction.
class EchoStack final {
 public:
  // Errors: the gateway's, or UNAVAILABLE when the gRPC server cannot start.
  static absl::StatusOr<std::unique_ptr<EchoStack>> Start(
      GatewayOptions options = {});
  ~EchoStack();

  int http_port() const { return gateway_->port(); }
  void SetServing(bool serving);

 private:
  EchoStack() = default;

  EchoServiceImpl service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<HttpGateway> gateway_;
};

}  // namespace insights::gateway::testing

#endif  // INSIGHTS_TESTS_GATEWAY_TESTING_ECHO_SERVER_H_
