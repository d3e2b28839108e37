#include "server/gateway/rest_dispatcher.h"

#include <absl/strings/str_cat.h>
#include <absl/strings/str_join.h>
#include <grpc/health/v1/health.pb.h>

#include <utility>

#include "common/rest_json.h"
#include "server/gateway/request_builder.h"
#include "server/gateway/status_mapping.h"

namespace insights::gateway {
namespace {

using google::protobuf::Message;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

constexpr absl::string_view kHealthPath = "/healthz";
constexpr char kHealthCheckMethod[] = "/grpc.health.v1.Health/Check";
constexpr absl::string_view kAuthChallenge =
    "Bearer realm=\"annotation-insights\"";

HttpResponse ErrorResponse(grpc::StatusCode code, absl::string_view message) {
  HttpResponse response;
  response.status = HttpStatusFromGrpc(code);
  response.body = ErrorBody(code, message);
  if (code == grpc::StatusCode::UNAUTHENTICATED) {
    response.headers.emplace_back("WWW-Authenticate",
                                  std::string(kAuthChallenge));
  }
  return response;
}

HttpResponse MethodNotAllowed(const std::vector<std::string>& allowed) {
  const std::string methods = absl::StrJoin(allowed, ", ");
  HttpResponse response =
      ErrorResponse(grpc::StatusCode::UNIMPLEMENTED,
                    absl::StrCat("method not allowed; use ", methods));
  response.status = 405;
  response.headers.emplace_back("Allow", methods);
  return response;
}

std::string OriginOf(const HttpRequest& request) {
  const std::string* origin = request.Header("origin");
  return origin == nullptr ? std::string() : *origin;
}

}  // namespace

RestDispatcher::RestDispatcher(HttpRuleTable table,
                               std::shared_ptr<grpc::Channel> channel,
                               DispatcherOptions options)
    : table_(std::move(table)),
      options_(std::move(options)),
      cors_(options_.cors_origins),
      caller_(std::move(channel), options_.local_methods,
              options_.default_timeout) {}

void RestDispatcher::Handle(const HttpRequest& request, Reply reply) {
  const absl::string_view target = request.target;
  const size_t question = target.find('?');
  const absl::string_view path_text = target.substr(0, question);
  const absl::string_view query =
      question == absl::string_view::npos ? "" : target.substr(question + 1);

  absl::StatusOr<RequestPath> path = RequestPath::Parse(path_text);
  if (!path.ok()) {
    return Finish(
        request,
        ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                      absl::StrCat("path: ", path.status().message())),
        reply);
  }
  if (HandlePreflight(request, path_text, *path, reply)) return;
  const StaticFile* file = FindStaticFile(path_text);
  if (path_text == kHealthPath || file != nullptr) {
    if (request.method != "GET")
      return Finish(request, MethodNotAllowed({"GET"}), reply);
    if (file == nullptr) return HandleHealth(request, std::move(reply));
    HttpResponse document;
    document.content_type = file->content_type;
    document.headers = file->headers;
    document.body = file->body;
    return Finish(request, std::move(document), reply);
  }

  HttpRuleTable::Lookup found = table_.Find(request.method, *path);
  if (found.route != nullptr)
    return HandleRoute(request, found, query, std::move(reply));
  if (!found.allowed_methods.empty()) {
    return Finish(request, MethodNotAllowed(found.allowed_methods), reply);
  }
  Finish(request,
         ErrorResponse(grpc::StatusCode::NOT_FOUND,
                       absl::StrCat("no route for ", path_text)),
         reply);
}

void RestDispatcher::HandleRoute(const HttpRequest& request,
                                 const HttpRuleTable::Lookup& found,
                                 absl::string_view query, Reply reply) {
  absl::StatusOr<CallMetadata> metadata = MetadataFromHeaders(request.headers);
  if (!metadata.ok()) {
    return Finish(request,
                  ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                                metadata.status().message()),
                  reply);
  }
  const Route* route = found.route;
  RequestParts parts{&found.bindings, query, request.body, options_.aliases};
  absl::StatusOr<std::unique_ptr<Message>> message =
      BuildRequestMessage(*route, parts);
  if (!message.ok()) {
    return Finish(request,
                  ErrorResponse(grpc::StatusCode::INVALID_ARGUMENT,
                                message.status().message()),
                  reply);
  }

  caller_.Call(
      route->grpc_path, **message, *metadata,
      [this, route, origin = OriginOf(request), reply = std::move(reply)](
          const grpc::Status& status, std::string answer) {
        HttpResponse response = RenderReply(*route, status, answer);
        cors_.AddResponseHeaders(origin, response.headers);
        reply(std::move(response));
      });
}

void RestDispatcher::HandleHealth(const HttpRequest& request, Reply reply) {
  caller_.Call(kHealthCheckMethod, HealthCheckRequest(), CallMetadata(),
               [this, origin = OriginOf(request), reply = std::move(reply)](
                   const grpc::Status& status, std::string answer) {
                 HealthCheckResponse health;
                 const bool serving =
                     status.ok() && health.ParseFromString(answer) &&
                     health.status() == HealthCheckResponse::SERVING;
                 HttpResponse response;
                 response.status = serving ? 200 : 503;
                 response.body = serving ? R"({"status":"SERVING"})"
                                         : R"({"status":"NOT_SERVING"})";
                 cors_.AddResponseHeaders(origin, response.headers);
                 reply(std::move(response));
               });
}

const StaticFile* RestDispatcher::FindStaticFile(absl::string_view path) const {
  for (const StaticFile& file : options_.static_files) {
    if (file.path == path) return &file;
  }
  return nullptr;
}

// A browser asks before a cross-origin call; only allowed origins get the
// headers that let it go ahead. Anything else is routed like any request.
bool RestDispatcher::HandlePreflight(const HttpRequest& request,
                                     absl::string_view path_text,
                                     const RequestPath& path, Reply& reply) {
  if (request.method != "OPTIONS") return false;
  const std::string* origin = request.Header("origin");
  if (origin == nullptr ||
      request.Header("access-control-request-method") == nullptr ||
      !cors_.Allows(*origin)) {
    return false;
  }
  std::vector<std::string> methods;
  if (path_text == kHealthPath || FindStaticFile(path_text) != nullptr) {
    methods = {"GET"};
  } else {
    methods = table_.Find(/*http_method=*/"", path).allowed_methods;
  }
  if (methods.empty()) return false;

  const std::string* asked = request.Header("access-control-request-headers");
  HttpResponse response;
  response.status = 204;
  response.content_type.clear();
  response.headers =
      cors_.PreflightHeaders(*origin, methods, asked ? *asked : "");
  reply(std::move(response));
  return true;
}

HttpResponse RestDispatcher::RenderReply(const Route& route,
                                         const grpc::Status& status,
                                         const std::string& answer) {
  if (!status.ok())
    return ErrorResponse(status.error_code(), status.error_message());
  absl::StatusOr<std::shared_ptr<const std::string>> body =
      rendered_.Render(route, answer);
  if (!body.ok()) {
    return ErrorResponse(grpc::StatusCode::INTERNAL, body.status().message());
  }
  HttpResponse response;
  response.body = **body;
  return response;
}

void RestDispatcher::Finish(const HttpRequest& request, HttpResponse response,
                            const Reply& reply) const {
  cors_.AddResponseHeaders(OriginOf(request), response.headers);
  reply(std::move(response));
}

void RestDispatcher::Close(std::chrono::milliseconds grace) {
  caller_.Close(grace);
}

}  // namespace insights::gateway
