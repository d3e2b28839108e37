#include "server/rpc/ingest_handler.h"

#include "server/rpc/access_log.h"
#include "server/rpc/caller_key.h"
#include "server/rpc/grpc_status.h"

namespace insights {
namespace {

// Runs one write call: token check, the call itself, status and log.
template <typename Response, typename Call>
grpc::Status Serve(const char* method, std::string workspace,
                   const Ingest& ingest, grpc::ServerContext& context,
                   Response& response, Call call) {
  AccessLog log(method);
  log.set_workspace(std::move(workspace));
  absl::Status authorized = ingest.Authorize(BearerToken(context));
  if (!authorized.ok()) return log.Finish(ToGrpcStatus(authorized));

  absl::StatusOr<Response> answer = call();
  if (!answer.ok()) return log.Finish(ToGrpcStatus(answer.status()));
  response = std::move(*answer);
  return log.Finish(grpc::Status::OK);
}

// The workspace of a batch for the access log: the first event's, or "-".
std::string BatchWorkspace(const v1::IngestEventsRequest& request) {
  return request.events().empty() ? "-" : request.events(0).workspace_id();
}

}  // namespace

grpc::Status IngestHandler::PutWorkspace(grpc::ServerContext* context,
                                         const v1::PutWorkspaceRequest* request,
                                         v1::PutWorkspaceResponse* response) {
  return Serve("PutWorkspace", request->id(), ingest_, *context, *response,
               [&] { return ingest_.PutWorkspace(*request); });
}

grpc::Status IngestHandler::PutProjects(grpc::ServerContext* context,
                                        const v1::PutProjectsRequest* request,
                                        v1::PutProjectsResponse* response) {
  return Serve("PutProjects", "-", ingest_, *context, *response,
               [&] { return ingest_.PutProjects(*request); });
}

grpc::Status IngestHandler::PutLabelers(grpc::ServerContext* context,
                                        const v1::PutLabelersRequest* request,
                                        v1::PutLabelersResponse* response) {
  return Serve("PutLabelers", "-", ingest_, *context, *response,
               [&] { return ingest_.PutLabelers(*request); });
}

grpc::Status IngestHandler::IngestEvents(grpc::ServerContext* context,
                                         const v1::IngestEventsRequest* request,
                                         v1::IngestEventsResponse* response) {
  return Serve("IngestEvents", BatchWorkspace(*request), ingest_, *context,
               *response, [&] { return ingest_.IngestEvents(*request); });
}

}  // namespace insights
