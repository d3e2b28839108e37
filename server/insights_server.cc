#include "server/insights_server.h"

#include <ctime>

#include <absl/strings/str_cat.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "common/limits.h"
#include "server/dashboard/dashboard_files.h"
#include "server/rpc/caller_key.h"
#include "server/rpc/unparsed_request_interceptor.h"
#include "server/grpc_connection_limits.h"

namespace insights {
namespace {

// Key checks remembered by CachedStore: enough for every caller's key;
// strangers' guesses must not grow it without bound.
constexpr size_t kCachedKeyChecks = 256;

// Threads computing statistics not kept in a cache: the work is the
// database's, bound by the cores, so more threads would only queue there.
// Calls beyond them wait in a bounded queue, then are refused.
constexpr int kStatsWorkers = 8;
constexpr size_t kMaxWaitingStatsCalls = 4096;

int64_t NowUnixSeconds() { return static_cast<int64_t>(std::time(nullptr)); }

// The services whose google.api.http annotations the gateway serves.
const std::vector<std::string>& RestServices() {
  static const auto* const kServices = new std::vector<std::string>{
      "insights.v1.AnnotationInsightsService", "insights.v1.IngestService"};
  return *kServices;
}

std::shared_ptr<grpc::ServerCredentials> GrpcCredentials(
    const std::optional<TlsKeyPair>& tls) {
  if (!tls) return grpc::InsecureServerCredentials();
  grpc::SslServerCredentialsOptions ssl;
  ssl.pem_key_cert_pairs.push_back(
      {tls->private_key_pem, tls->certificate_chain_pem});
  return grpc::SslServerCredentials(ssl);
}

}  // namespace

InsightsServer::InsightsServer(std::unique_ptr<SqliteStore> store,
                               const ServerOptions& options)
    : store_(std::move(store)),
      cached_store_(*store_, kCachedKeyChecks),
      stats_(cached_store_, {options.history_start, NowUnixSeconds,
                             [this] { return cached_store_.generation(); }}),
      ingest_(cached_store_, options.admin_token),
      stats_workers_(kStatsWorkers, kMaxWaitingStatsCalls),
      stats_responder_(stats_, stats_workers_, options.max_call_time),
      stats_handler_(stats_responder_),
      ingest_handler_(ingest_) {}

InsightsServer::~InsightsServer() {
  if (server_) Shutdown(std::chrono::milliseconds(0));
  // Also when the server never started: its queues must still be drained.
  stats_handler_.Stop();
}

absl::StatusOr<std::unique_ptr<InsightsServer>> InsightsServer::Start(
    const ServerOptions& options) {
  auto store = SqliteStore::Open({options.database_path});
  if (!store.ok()) return store.status();
  std::unique_ptr<InsightsServer> self(
      new InsightsServer(std::move(*store), options));

  // The health service is the server's own (HealthService says why).
  grpc::EnableDefaultHealthCheckService(false);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ResourceQuota quota("insights");
  quota.SetMaxThreads(options.max_threads);

  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.grpc_address, GrpcCredentials(options.tls),
                           &self->port_);
  builder.SetResourceQuota(quota);
  ApplyGrpcConnectionLimits(builder);
  std::vector<
      std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>>
      interceptors;
  interceptors.push_back(std::make_unique<UnparsedRequestInterceptorFactory>(
      std::vector<std::string>{"insights.v1.IngestService"}));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  self->stats_handler_.Register(builder, options.stats_call_threads);
  builder.RegisterService(&self->ingest_handler_);
  builder.RegisterService(&self->health_);
  builder.RegisterService(&self->reflection_v1_);
  self->server_ = builder.BuildAndStart();
  if (!self->server_ || self->port_ == 0) {
    self->server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.grpc_address));
  }

  self->stats_handler_.Start();
  self->reflection_v1_.set_channel(
      self->server_->InProcessChannel(grpc::ChannelArguments()));
  self->health_.SetServing(true);

  if (!options.http_address.empty()) {
    gateway::GatewayOptions rest;
    rest.http.address = options.http_address;
    rest.http.read_timeout = options.http_read_timeout;
    rest.http.write_timeout = options.http_write_timeout;
    rest.http.max_connections = options.http_max_connections;
    rest.http.tls = options.tls;
    rest.cors_origins = options.cors_origins;
    rest.local_methods = self->LocalMethods();
    rest.static_files = dashboard::DashboardFiles();
    auto started = gateway::HttpGateway::Start(
        rest, self->server_->InProcessChannel(grpc::ChannelArguments()),
        RestServices());
    // On error, ~InsightsServer stops the gRPC server.
    if (!started.ok()) return started.status();
    self->gateway_ = std::move(*started);
  }
  return self;
}

// REST calls of GetWorkspaceStats skip the in-process gRPC hop: the
// gateway hands them to the same responder as the gRPC door.
gateway::LocalMethods InsightsServer::LocalMethods() {
  gateway::LocalMethods local;
  local["/insights.v1.AnnotationInsightsService/GetWorkspaceStats"] =
      [this](std::string bytes, const gateway::HeaderList& metadata,
             std::chrono::system_clock::time_point deadline,
             gateway::UnaryDone done) {
        v1::GetWorkspaceStatsRequest request;
        if (!request.ParseFromString(bytes)) {
          // The gateway serialized it from a message it built: a bug.
          done(grpc::Status(grpc::StatusCode::INTERNAL,
                            "the gateway built an unreadable request"),
               std::string());
          return;
        }
        absl::string_view x_api_key, authorization;
        for (const auto& [name, value] : metadata) {
          if (name == "x-api-key") x_api_key = value;
          if (name == "authorization") authorization = value;
        }
        stats_responder_.Respond(
            request, MetadataKey(x_api_key, authorization), deadline,
            [done = std::move(done)](const grpc::Status& status,
                                     std::shared_ptr<const std::string> reply) {
              done(status, status.ok() ? *reply : std::string());
            });
      };
  return local;
}

void InsightsServer::Shutdown(std::chrono::milliseconds grace) {
  const auto deadline = std::chrono::system_clock::now() + grace;
  health_.Shutdown();
  // REST calls go through the gRPC server, so the gateway stops first.
  if (gateway_) gateway_->Shutdown(grace);
  // Returns once every call is over, replies from the workers included.
  server_->Shutdown(deadline);
  stats_handler_.Stop();
}

}  // namespace insights
