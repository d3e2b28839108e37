#ifndef INSIGHTS_SERVER_INSIGHTS_SERVER_H_
#define INSIGHTS_SERVER_INSIGHTS_SERVER_H_

#include <chrono>
#include <memory>
#include <string>

#include <absl/status/statusor.h>
#include <grpcpp/server.h>

#include "server/ingest/ingest.h"
#include "server/rpc/ingest_handler.h"
#include "server/rpc/reflection_v1.h"
#include "server/rpc/stats_handler.h"
#include "server/stats/workspace_stats.h"
#include "server/store/sqlite_store.h"

namespace insights {

struct ServerOptions {
  std::string grpc_address = "0.0.0.0:50051";
  std::string database_path = "./insights.db";
  CivilDay history_start = 0;
  // Guards the write API when set; see Ingest.
  std::string admin_token;
  // Upper bound on the threads serving calls at once.
  int max_threads = 64;
};

// The whole service: the store, the gRPC services (stats, ingest, health,
// reflection v1alpha and v1) and the listening port.
class InsightsServer final {
 public:
  // Opens the store and starts listening. Errors: the store's, or
  // UNAVAILABLE when the address cannot be bound.
  static absl::StatusOr<std::unique_ptr<InsightsServer>> Start(
      const ServerOptions& options);
  ~InsightsServer();

  // The bound port (useful when the address asked for port 0).
  int port() const { return port_; }

  // Marks the service not serving, refuses new calls, lets calls in flight
  // finish for up to `grace`, then cancels the rest.
  void Shutdown(std::chrono::milliseconds grace);

  // Blocks until Shutdown has completed.
  void Wait() { server_->Wait(); }

 private:
  explicit InsightsServer(std::unique_ptr<SqliteStore> store,
                          const ServerOptions& options);

  std::unique_ptr<SqliteStore> store_;
  WorkspaceStats stats_;
  Ingest ingest_;
  StatsHandler stats_handler_;
  IngestHandler ingest_handler_;
  ReflectionV1Relay reflection_v1_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_INSIGHTS_SERVER_H_
