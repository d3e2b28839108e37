#ifndef INSIGHTS_CLIENT_INSIGHTS_CLIENT_H_
#define INSIGHTS_CLIENT_INSIGHTS_CLIENT_H_

#include <chrono>
#include <memory>
#include <string>

#include <absl/status/statusor.h>
#include <grpcpp/channel.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "insights/v1/ingest_service.grpc.pb.h"
#include "insights/v1/stats_service.grpc.pb.h"

namespace insights {

struct ClientOptions {
  std::string address = "127.0.0.1:50051";
  // Deadline of every call.
  std::chrono::milliseconds timeout{30000};
  // The server's operator token for the write API; empty when it has none.
  std::string admin_token;
  // PEM certificates of the authorities trusted to sign the server's
  // certificate. Set: the connection uses TLS; empty: plaintext.
  std::string tls_trusted_ca_pem;
};

// A C++ client of both services, for other services and for insights-client.
// Every call carries a deadline; errors come back as statuses with the
// server's code and message. Thread-safe.
class InsightsClient final {
 public:
  // Connects to `options.address`, over TLS when the options name a CA.
  explicit InsightsClient(const ClientOptions& options);
  InsightsClient(std::shared_ptr<grpc::Channel> channel, ClientOptions options);

  // The key may also be left in request.api_key; `api_key` wins when set.
  absl::StatusOr<v1::GetWorkspaceStatsResponse> GetWorkspaceStats(
      v1::GetWorkspaceStatsRequest request, const std::string& api_key = "");

  absl::Status PutWorkspace(const v1::PutWorkspaceRequest& request);
  absl::Status PutProjects(const v1::PutProjectsRequest& request);
  absl::Status PutLabelers(const v1::PutLabelersRequest& request);
  absl::StatusOr<v1::IngestEventsResponse> IngestEvents(
      const v1::IngestEventsRequest& request);

  // Whether the server reports itself serving (grpc.health.v1).
  absl::StatusOr<bool> IsServing();

 private:
  // A context with the deadline and, for writes, the operator token.
  std::unique_ptr<grpc::ClientContext> NewContext(bool write) const;

  ClientOptions options_;
  std::unique_ptr<v1::AnnotationInsightsService::Stub> stats_;
  std::unique_ptr<v1::IngestService::Stub> ingest_;
  std::unique_ptr<grpc::health::v1::Health::Stub> health_;
};

}  // namespace insights

#endif  // INSIGHTS_CLIENT_INSIGHTS_CLIENT_H_
