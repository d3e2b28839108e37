#ifndef INSIGHTS_SERVER_GATEWAY_HTTP_GATEWAY_H_
#define INSIGHTS_SERVER_GATEWAY_HTTP_GATEWAY_H_

#include <absl/status/statusor.h>
#include <grpcpp/channel.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "server/gateway/http_listener.h"
#include "server/gateway/query_aliases.h"
#include "server/gateway/rest_dispatcher.h"
#include "server/gateway/static_file.h"

namespace insights::gateway {

struct GatewayOptions {
  ListenerOptions http;  // address, threads, size limits, timeouts
  // Origins whose pages may call from a browser; "*" for any. None by
  // default: browsers then refuse cross-origin calls.
  std::vector<std::string> cors_origins;
  // Deadline of a call whose request has no Grpc-Timeout header.
  std::chrono::milliseconds default_timeout = std::chrono::seconds(30);
  std::vector<QueryAlias> aliases = ServiceQueryAliases();
  // Methods of the same server called directly rather than over the
  // in-process channel (see LocalMethod).
  LocalMethods local_methods;
  // Served on GET besides /openapi.json, which the gateway writes itself.
  std::vector<StaticFile> static_files;
};

// REST/JSON in front of gRPC services, in the manner of grpc-gateway: an
// HTTP/1.1 listener whose routes come from the google.api.http annotations
// of the services named, each request becoming a call over `channel` (an
// in-process channel of the same server), so that authentication,
// validation, logging and limits are the gRPC handlers' own. Also serves
// /healthz, /openapi.json and the static files it is given. Thread-safe.
//
// Why Boost.Beast (libboost1.74-dev, header-only) rather than cpp-httplib:
// per-request overhead decides REST throughput, and Beast's asynchronous
// model serves any number of kept-alive connections on a small fixed pool
// of event-loop threads, which never block because the gRPC call is
// asynchronous too; cpp-httplib gives each connection a worker for as long
// as it is kept alive, so more clients than workers wait in a queue, and
// its header limit is a compile-time macro where Beast's parser takes
// header and body limits at run time. Measured on this machine for issue
// #4, Beast carried 2.8 times cpp-httplib's requests per second (91,600
// against 33,000 with wrk -c16). The cost: the connection loop is ours to
// write (http_session.cc).
class HttpGateway final {
 public:
  // Errors: NOT_FOUND for a service not compiled in, INVALID_ARGUMENT for a
  // bad annotation or address, UNAVAILABLE when the address is taken.
  static absl::StatusOr<std::unique_ptr<HttpGateway>> Start(
      const GatewayOptions& options, std::shared_ptr<grpc::Channel> in_process,
      std::vector<std::string> service_names);
  ~HttpGateway();

  // The bound port (useful when the address asked for port 0).
  int port() const { return port_; }

  // Stops accepting, lets requests in flight finish for up to `grace`,
  // cancels the rest (their callers get 499 or 503) and closes every
  // connection. Idempotent; the destructor calls it.
  void Shutdown(std::chrono::milliseconds grace = std::chrono::milliseconds(0));

 private:
  HttpGateway() = default;

  std::vector<QueryAlias> aliases_;  // the dispatcher points at these
  std::unique_ptr<RestDispatcher> dispatcher_;
  std::unique_ptr<HttpListener> listener_;
  int port_ = 0;
  bool stopped_ = false;
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_HTTP_GATEWAY_H_
