#ifndef INSIGHTS_SERVER_INSIGHTS_SERVER_H_
#define INSIGHTS_SERVER_INSIGHTS_SERVER_H_

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <absl/status/statusor.h>
#include <grpcpp/server.h>

#include "server/gateway/http_gateway.h"
#include "server/ingest/ingest.h"
#include "server/rpc/call_workers.h"
#include "server/rpc/health_service.h"
#include "server/rpc/ingest_handler.h"
#include "server/rpc/reflection_v1.h"
#include "server/rpc/stats_handler.h"
#include "server/rpc/stats_responder.h"
#include "server/stats/workspace_stats.h"
#include "server/store/cached_store.h"
#include "server/store/sqlite_store.h"
#include "server/tls/tls_key_pair.h"

namespace insights {

struct ServerOptions {
  std::string grpc_address = "0.0.0.0:50051";
  std::string database_path = "./insights.db";
  CivilDay history_start = 0;
  // Guards the write API when set; see Ingest.
  std::string admin_token;
  // Upper bound on the threads serving calls at once.
  int max_threads = 256;
  // Threads taking GetWorkspaceStats calls over gRPC. Each answers kept
  // answers itself and hands the rest to the statistics workers; one
  // keeps up with a client using a whole other core.
  int stats_call_threads = 1;
  // The longest the server works on one statistics call, whatever the
  // caller's deadline.
  std::chrono::milliseconds max_call_time = std::chrono::seconds(30);
  // The REST/JSON gateway's address; empty: no gateway.
  std::string http_address = "0.0.0.0:8080";
  // Origins whose web pages may call the REST API ("*": any).
  std::vector<std::string> cors_origins;
  // The REST gateway's bounds on slow, stalled and numerous clients.
  std::chrono::seconds http_read_timeout{30};
  std::chrono::seconds http_write_timeout{30};
  int http_max_connections = 1024;
  // Set: both gRPC and REST serve TLS only, with this certificate and key.
  std::optional<TlsKeyPair> tls;
};

// The whole service: the store, the gRPC services (stats, ingest, health,
// reflection v1alpha and v1), the listening port and the REST gateway in
// front of them.
class InsightsServer final {
 public:
  // Opens the store and starts listening. Errors: the store's, the
  // gateway's, or UNAVAILABLE when an address cannot be bound.
  static absl::StatusOr<std::unique_ptr<InsightsServer>> Start(
      const ServerOptions& options);
  ~InsightsServer();

  // The bound port (useful when the address asked for port 0).
  int port() const { return port_; }

  // The REST gateway's bound port; 0 when it is off.
  int http_port() const { return gateway_ ? gateway_->port() : 0; }

  // Marks the service not serving, refuses new calls (REST first), lets
  // calls in flight finish for up to `grace`, then cancels the rest.
  void Shutdown(std::chrono::milliseconds grace);

  // Blocks until Shutdown has completed.
  void Wait() { server_->Wait(); }

 private:
  explicit InsightsServer(std::unique_ptr<SqliteStore> store,
                          const ServerOptions& options);
  gateway::LocalMethods LocalMethods();

  std::unique_ptr<SqliteStore> store_;
  CachedStore cached_store_;  // every read and write goes through it
  WorkspaceStats stats_;
  Ingest ingest_;
  CallWorkers stats_workers_;  // outlives server_, whose calls it runs
  StatsResponder stats_responder_;
  StatsHandler stats_handler_;
  IngestHandler ingest_handler_;
  ReflectionV1Relay reflection_v1_;
  HealthService health_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<gateway::HttpGateway> gateway_;  // goes before server_
  int port_ = 0;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_INSIGHTS_SERVER_H_
