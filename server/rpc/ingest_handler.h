#ifndef INSIGHTS_SERVER_RPC_INGEST_HANDLER_H_
#define INSIGHTS_SERVER_RPC_INGEST_HANDLER_H_

#include "insights/v1/ingest_service.grpc.pb.h"
#include "server/ingest/ingest.h"

namespace insights {

// The gRPC face of Ingest: checks the operator token, converts statuses and
// logs each call. Thread-safe.
class IngestHandler final : public v1::IngestService::Service {
 public:
  explicit IngestHandler(Ingest& ingest) : ingest_(ingest) {}

  grpc::Status PutWorkspace(grpc::ServerContext* context,
                            const v1::PutWorkspaceRequest* request,
                            v1::PutWorkspaceResponse* response) override;
  grpc::Status PutProjects(grpc::ServerContext* context,
                           const v1::PutProjectsRequest* request,
                           v1::PutProjectsResponse* response) override;
  grpc::Status PutLabelers(grpc::ServerContext* context,
                           const v1::PutLabelersRequest* request,
                           v1::PutLabelersResponse* response) override;
  grpc::Status IngestEvents(grpc::ServerContext* context,
                            const v1::IngestEventsRequest* request,
                            v1::IngestEventsResponse* response) override;

 private:
  Ingest& ingest_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_INGEST_HANDLER_H_
