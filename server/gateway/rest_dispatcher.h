#ifndef INSIGHTS_SERVER_GATEWAY_REST_DISPATCHER_H_
#define INSIGHTS_SERVER_GATEWAY_REST_DISPATCHER_H_

#include <grpcpp/channel.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "server/gateway/cors_policy.h"
#include "server/gateway/http_message.h"
#include "server/gateway/http_rule_table.h"
#include "server/gateway/query_aliases.h"
#include "server/gateway/rendered_reply_cache.h"
#include "server/gateway/static_file.h"
#include "server/gateway/unary_caller.h"

namespace insights::gateway {

struct DispatcherOptions {
  // Deadline of a call whose request has no Grpc-Timeout.
  std::chrono::nanoseconds default_timeout = std::chrono::seconds(30);
  std::vector<std::string> cors_origins;
  const std::vector<QueryAlias>* aliases = nullptr;
  std::vector<StaticFile> static_files;  // answered from memory on GET
  LocalMethods local_methods;  // called directly, not over the channel
};

// Turns HTTP requests into gRPC calls and their outcomes into HTTP answers:
// routes by the table, binds path, query and body into the request
// message, passes headers as metadata, and renders the reply in the REST
// shape (ToRestJson) or the error as {"code", "message", "details"}. Also
// answers /healthz (from grpc.health.v1.Health), the static files (such as
// /openapi.json) and CORS preflights. Thread-safe.
class RestDispatcher final {
 public:
  // Bodies kept ready for repeated answers (see RenderedReplyCache): enough
  // for every manager's usual views, and at most about 256 x 128 KiB (a
  // reply and its JSON, some three times larger) = 32 MiB.
  static constexpr size_t kRenderedReplies = 256;
  static constexpr size_t kMaxRenderedReplyBytes = 32 * 1024;

  using Reply = std::function<void(HttpResponse)>;

  RestDispatcher(HttpRuleTable table, std::shared_ptr<grpc::Channel> channel,
                 DispatcherOptions options);

  // Answers `request` by calling `reply` exactly once: at once for what the
  // gateway answers itself, later on a gRPC thread for a service's answer.
  void Handle(const HttpRequest& request, Reply reply);

  // Refuses new calls (503), lets those in flight finish for up to
  // `grace`, then cancels the rest; returns once every reply was given.
  void Close(std::chrono::milliseconds grace);

 private:
  void HandleRoute(const HttpRequest& request,
                   const HttpRuleTable::Lookup& found, absl::string_view query,
                   Reply reply);
  void HandleHealth(const HttpRequest& request, Reply reply);
  // The static file at `path`, or nullptr.
  const StaticFile* FindStaticFile(absl::string_view path) const;
  bool HandlePreflight(const HttpRequest& request, absl::string_view path_text,
                       const RequestPath& path, Reply& reply);
  HttpResponse RenderReply(const Route& route, const grpc::Status& status,
                           const std::string& answer);
  void Finish(const HttpRequest& request, HttpResponse response,
              const Reply& reply) const;

  const HttpRuleTable table_;
  const DispatcherOptions options_;
  const CorsPolicy cors_;
  UnaryCaller caller_;
  RenderedReplyCache rendered_{kRenderedReplies, kMaxRenderedReplyBytes};
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_REST_DISPATCHER_H_
