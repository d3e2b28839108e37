#include "tests/gateway/testing/echo_server.h"

#include <absl/strings/str_cat.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include <chrono>

namespace insights::gateway::testing {

namespace v1 = insights::testing::v1;

grpc::Status EchoServiceImpl::GetThing(grpc::ServerContext*,
                                       const v1::GetThingRequest* request,
                                       Thing* reply) {
  reply->set_id(request->parent().shelf());
  reply->set_name(request->name());
  if (request->verbose()) reply->add_tags("verbose");
  return grpc::Status::OK;
}

grpc::Status EchoServiceImpl::GetDefaultThing(grpc::ServerContext*,
                                              const v1::GetThingRequest*,
                                              Thing* reply) {
  reply->set_name("default");
  return grpc::Status::OK;
}

grpc::Status EchoServiceImpl::GetFile(grpc::ServerContext*,
                                      const v1::GetFileRequest* request,
                                      Thing* reply) {
  reply->set_name(request->path());
  return grpc::Status::OK;
}

grpc::Status EchoServiceImpl::CreateThing(grpc::ServerContext*,
                                          const Thing* request, Thing* reply) {
  *reply = *request;
  return grpc::Status::OK;
}

grpc::Status EchoServiceImpl::UpdateThing(grpc::ServerContext*,
                                          const v1::UpdateThingRequest* request,
                                          Thing* reply) {
  *reply = request->thing();
  reply->add_tags(absl::StrCat("shelf=", request->shelf()));
  if (request->validate_only()) reply->add_tags("validate_only");
  return grpc::Status::OK;
}

grpc::Status EchoServiceImpl::ListLabels(grpc::ServerContext*,
                                         const v1::ListLabelsRequest* request,
                                         v1::ListLabelsResponse* reply) {
  for (const std::string& prefix : request->prefix())
    reply->add_labels(prefix + "-label");
  reply->set_total(reply->labels_size());
  return grpc::Status::OK;
}

grpc::Status EchoServiceImpl::DeleteThing(grpc::ServerContext*,
                                          const v1::DeleteThingRequest* request,
                                          v1::DeleteThingResponse* reply) {
  reply->set_deleted(request->name());
  return grpc::Status::OK;
}

grpc::Status EchoServiceImpl::ArchiveThing(
    grpc::ServerContext*, const v1::ArchiveThingRequest* request,
    Thing* reply) {
  reply->set_name(request->name());
  reply->add_tags(request->reason());
  return grpc::Status::OK;
}

grpc::Status EchoServiceImpl::EchoTypes(grpc::ServerContext*,
                                        const v1::AllTypes* request,
                                        v1::AllTypes* reply) {
  *reply = *request;
  return grpc::Status::OK;
}

grpc::Status EchoServiceImpl::Fail(grpc::ServerContext*,
                                   const v1::FailRequest* request,
                                   v1::FailResponse*) {
  return grpc::Status(static_cast<grpc::StatusCode>(request->code()),
                      request->message());
}

grpc::Status EchoServiceImpl::EchoMetadata(grpc::ServerContext* context,
                                           const v1::EchoMetadataRequest*,
                                           v1::EchoMetadataResponse* reply) {
  for (const auto& [key, value] : context->client_metadata()) {
    auto* entry = reply->add_entries();
    entry->set_key(std::string(key.data(), key.size()));
    entry->set_value(std::string(value.data(), value.size()));
  }
  reply->set_deadline_ms(
      std::chrono::duration_cast<std::chrono::milliseconds>(
          context->deadline() - std::chrono::system_clock::now())
          .count());
  return grpc::Status::OK;
}

absl::StatusOr<std::unique_ptr<EchoStack>> EchoStack::Start(
    GatewayOptions options) {
  std::unique_ptr<EchoStack> stack(new EchoStack());
  grpc::EnableDefaultHealthCheckService(true);
  grpc::ServerBuilder builder;
  int grpc_port = 0;
  builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(),
                           &grpc_port);
  builder.RegisterService(&stack->service_);
  stack->server_ = builder.BuildAndStart();
  if (!stack->server_ || grpc_port == 0)
    return absl::UnavailableError("gRPC server");
  stack->SetServing(true);

  options.http.address = "127.0.0.1:0";
  auto gateway = HttpGateway::Start(
      options, stack->server_->InProcessChannel(grpc::ChannelArguments()),
      {"insights.testing.v1.EchoService"});
  if (!gateway.ok()) return gateway.status();
  stack->gateway_ = std::move(*gateway);
  return stack;
}

EchoStack::~EchoStack() {
  if (gateway_) gateway_->Shutdown();
  if (server_) server_->Shutdown(std::chrono::system_clock::now());
}

void EchoStack::SetServing(bool serving) {
  server_->GetHealthCheckService()->SetServingStatus(serving);
}

}  // namespace insights::gateway::testing
