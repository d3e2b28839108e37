#ifndef INSIGHTS_SERVER_INGEST_INGEST_H_
#define INSIGHTS_SERVER_INGEST_INGEST_H_

#include <string>
#include <absl/strings/string_view.h>

#include <absl/status/statusor.h>

#include "insights/v1/ingest_service.pb.h"
#include "server/store/store.h"

namespace insights {

// The write API without the RPC around it: the operator token check,
// validation of whole requests and the store calls. Thread-safe; `store`
// must outlive it.
class Ingest final {
 public:
  // An empty `admin_token` leaves writes open to every caller (the server
  // warns at start-up); otherwise callers must present it.
  Ingest(Store& store, std::string admin_token);

  // UNAUTHENTICATED without a token, PERMISSION_DENIED with a wrong one,
  // OK when no token is configured or `presented` matches it.
  absl::Status Authorize(absl::string_view presented) const;

  absl::StatusOr<v1::PutWorkspaceResponse> PutWorkspace(
      const v1::PutWorkspaceRequest& request);
  absl::StatusOr<v1::PutProjectsResponse> PutProjects(
      const v1::PutProjectsRequest& request);
  absl::StatusOr<v1::PutLabelersResponse> PutLabelers(
      const v1::PutLabelersRequest& request);
  // Refuses the whole batch, naming the index and field, when any event is
  // invalid or the batch is over kMaxEventsPerBatch.
  absl::StatusOr<v1::IngestEventsResponse> IngestEvents(
      const v1::IngestEventsRequest& request);

 private:
  Store& store_;
  const std::string admin_token_hash_;  // empty: writes are not guarded
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_INGEST_INGEST_H_
