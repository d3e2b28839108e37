#include "client/insights_client.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "common/limits.h"

namespace insights {
namespace {

absl::Status ToAbslStatus(const grpc::Status& status) {
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()),
                      status.error_message());
}

std::shared_ptr<grpc::ChannelCredentials> Credentials(
    const ClientOptions& options) {
  if (options.tls_trusted_ca_pem.empty()) {
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions ssl;
  ssl.pem_root_certs = options.tls_trusted_ca_pem;
  return grpc::SslCredentials(ssl);
}

std::shared_ptr<grpc::Channel> Connect(const ClientOptions& options) {
  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(kMaxMessageBytes);
  arguments.SetMaxSendMessageSize(kMaxMessageBytes);
  return grpc::CreateCustomChannel(options.address, Credentials(options),
                                   arguments);
}

}  // namespace

InsightsClient::InsightsClient(const ClientOptions& options)
    : InsightsClient(Connect(options), options) {}

InsightsClient::InsightsClient(std::shared_ptr<grpc::Channel> channel,
                               ClientOptions options)
    : options_(std::move(options)),
      stats_(v1::AnnotationInsightsService::NewStub(channel)),
      ingest_(v1::IngestService::NewStub(channel)),
      health_(grpc::health::v1::Health::NewStub(channel)) {}

std::unique_ptr<grpc::ClientContext> InsightsClient::NewContext(
    bool write) const {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + options_.timeout);
  if (write && !options_.admin_token.empty()) {
    context->AddMetadata("authorization", "Bearer " + options_.admin_token);
  }
  return context;
}

absl::StatusOr<v1::GetWorkspaceStatsResponse> InsightsClient::GetWorkspaceStats(
    v1::GetWorkspaceStatsRequest request, const std::string& api_key) {
  if (!api_key.empty()) request.set_api_key(api_key);
  v1::GetWorkspaceStatsResponse response;
  grpc::Status status =
      stats_->GetWorkspaceStats(NewContext(false).get(), request, &response);
  if (!status.ok()) return ToAbslStatus(status);
  return response;
}

absl::Status InsightsClient::PutWorkspace(
    const v1::PutWorkspaceRequest& request) {
  v1::PutWorkspaceResponse response;
  return ToAbslStatus(
      ingest_->PutWorkspace(NewContext(true).get(), request, &response));
}

absl::Status InsightsClient::PutProjects(
    const v1::PutProjectsRequest& request) {
  v1::PutProjectsResponse response;
  return ToAbslStatus(
      ingest_->PutProjects(NewContext(true).get(), request, &response));
}

absl::Status InsightsClient::PutLabelers(
    const v1::PutLabelersRequest& request) {
  v1::PutLabelersResponse response;
  return ToAbslStatus(
      ingest_->PutLabelers(NewContext(true).get(), request, &response));
}

absl::StatusOr<v1::IngestEventsResponse> InsightsClient::IngestEvents(
    const v1::IngestEventsRequest& request) {
  v1::IngestEventsResponse response;
  grpc::Status status =
      ingest_->IngestEvents(NewContext(true).get(), request, &response);
  if (!status.ok()) return ToAbslStatus(status);
  return response;
}

absl::StatusOr<bool> InsightsClient::IsServing() {
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status =
      health_->Check(NewContext(false).get(), request, &response);
  if (!status.ok()) return ToAbslStatus(status);
  return response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
}

}  // namespace insights
