#include "server/gateway/http_gateway.h"

#include <spdlog/spdlog.h>

#include "server/gateway/openapi.h"

namespace insights::gateway {

absl::StatusOr<std::unique_ptr<HttpGateway>> HttpGateway::Start(
    const GatewayOptions& options, std::shared_ptr<grpc::Channel> in_process,
    std::vector<std::string> service_names) {
  absl::StatusOr<HttpRuleTable> table = HttpRuleTable::Build(service_names);
  if (!table.ok()) return table.status();
  for (const Route& route : table->routes()) {
    spdlog::debug("REST route {} {} -> {}", route.http_method,
                  route.path.text(), route.grpc_path);
  }

  std::unique_ptr<HttpGateway> self(new HttpGateway());
  self->aliases_ = options.aliases;
  DispatcherOptions dispatch;
  dispatch.default_timeout = options.default_timeout;
  dispatch.cors_origins = options.cors_origins;
  dispatch.aliases = &self->aliases_;
  dispatch.local_methods = options.local_methods;
  dispatch.static_files = options.static_files;
  dispatch.static_files.push_back(
      {.path = "/openapi.json",
       .content_type = "application/json",
       .body = BuildOpenApi(*table, OpenApiInfo(), &self->aliases_).dump(2)});
  self->dispatcher_ = std::make_unique<RestDispatcher>(
      std::move(*table), std::move(in_process), dispatch);

  RestDispatcher* dispatcher = self->dispatcher_.get();
  absl::StatusOr<std::unique_ptr<HttpListener>> listener = HttpListener::Start(
      options.http, [dispatcher](const HttpRequest& request,
                                 std::function<void(HttpResponse)> reply) {
        dispatcher->Handle(request, std::move(reply));
      });
  if (!listener.ok()) return listener.status();
  self->listener_ = std::move(*listener);
  self->port_ = self->listener_->port();
  return self;
}

HttpGateway::~HttpGateway() { Shutdown(); }

void HttpGateway::Shutdown(std::chrono::milliseconds grace) {
  if (stopped_) return;
  stopped_ = true;
  // In this order: a call's answer is written through the listener, which
  // must still run when the call ends.
  if (listener_) listener_->StopAccepting();
  if (dispatcher_) dispatcher_->Close(grace);
  if (listener_) listener_->Stop();
}

}  // namespace insights::gateway
