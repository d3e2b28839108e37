#include "server/insights_server.h"

#include <ctime>

#include <absl/strings/str_cat.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/resource_quota.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>

#include "common/limits.h"

namespace insights {
namespace {

int64_t NowUnixSeconds() { return static_cast<int64_t>(std::time(nullptr)); }

}  // namespace

InsightsServer::InsightsServer(std::unique_ptr<SqliteStore> store,
                               const ServerOptions& options)
    : store_(std::move(store)),
      stats_(*store_, {options.history_start, NowUnixSeconds}),
      ingest_(*store_, options.admin_token),
      stats_handler_(stats_),
      ingest_handler_(ingest_) {}

InsightsServer::~InsightsServer() {
  if (server_) Shutdown(std::chrono::milliseconds(0));
}

absl::StatusOr<std::unique_ptr<InsightsServer>> InsightsServer::Start(
    const ServerOptions& options) {
  auto store = SqliteStore::Open({options.database_path});
  if (!store.ok()) return store.status();
  std::unique_ptr<InsightsServer> self(
      new InsightsServer(std::move(*store), options));

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ResourceQuota quota("insights");
  quota.SetMaxThreads(options.max_threads);

  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.grpc_address,
                           grpc::InsecureServerCredentials(), &self->port_);
  builder.SetResourceQuota(quota);
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.RegisterService(&self->stats_handler_);
  builder.RegisterService(&self->ingest_handler_);
  builder.RegisterService(&self->reflection_v1_);
  self->server_ = builder.BuildAndStart();
  if (!self->server_ || self->port_ == 0) {
    self->server_.reset();
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.grpc_address));
  }

  self->reflection_v1_.set_channel(
      self->server_->InProcessChannel(grpc::ChannelArguments()));
  self->server_->GetHealthCheckService()->SetServingStatus(true);
  return self;
}

void InsightsServer::Shutdown(std::chrono::milliseconds grace) {
  if (auto* health = server_->GetHealthCheckService()) {
    health->SetServingStatus(false);
  }
  server_->Shutdown(std::chrono::system_clock::now() + grace);
}

}  // namespace insights
