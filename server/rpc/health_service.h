#ifndef INSIGHTS_SERVER_RPC_HEALTH_SERVICE_H_
#define INSIGHTS_SERVER_RPC_HEALTH_SERVICE_H_

#include <condition_variable>
#include <mutex>

#include "grpc/health/v1/health.grpc.pb.h"

namespace insights {

// grpc.health.v1.Health for the whole server (the empty service name),
// on gRPC's synchronous API.
//
// gRPC's own health service runs on its callback API, whose two extra
// polling threads took a third of the throughput of the hot
// GetWorkspaceStats path on two cores (README, "How it is built"); a
// server with no callback service at all avoids them. Watch holds one of
// the server's threads per stream, so the streams are bounded. Thread-safe.
class HealthService final : public grpc::health::v1::Health::Service {
 public:
  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;

  // Watch streams open at once; more are refused with RESOURCE_EXHAUSTED.
  static constexpr int kMaxWatchers = 16;

  // Sets the server's status and tells every watcher. Ignored after
  // Shutdown.
  void SetServing(bool serving);

  // NOT_SERVING for good: watchers are told, then their streams end.
  void Shutdown();

  grpc::Status Check(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::health::v1::HealthCheckResponse* response) override;

  grpc::Status Watch(grpc::ServerContext* context,
                     const grpc::health::v1::HealthCheckRequest* request,
                     grpc::ServerWriter<grpc::health::v1::HealthCheckResponse>*
                         writer) override;

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  ServingStatus status_ =  // guarded by mutex_
      grpc::health::v1::HealthCheckResponse::NOT_SERVING;
  bool shut_down_ = false;  // guarded by mutex_
  int watchers_ = 0;        // guarded by mutex_
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_HEALTH_SERVICE_H_
