#ifndef INSIGHTS_CLIENT_CATALOG_JSON_H_
#define INSIGHTS_CLIENT_CATALOG_JSON_H_

#include <absl/strings/string_view.h>
#include <vector>

#include <absl/status/statusor.h>

#include "insights/v1/ingest_service.pb.h"

namespace insights {

// A catalog.json as the requests that put it: workspaces first (projects
// refer to them), then projects and labelers.
struct CatalogRequests {
  std::vector<v1::PutWorkspaceRequest> workspaces;
  v1::PutProjectsRequest projects;
  v1::PutLabelersRequest labelers;
};

// Parses {"workspaces": [...], "projects": [...], "labelers": [...]}; each
// list may be absent. INVALID_ARGUMENT naming the entry and field otherwise.
absl::StatusOr<CatalogRequests> ParseCatalogJson(absl::string_view text);

}  // namespace insights

#endif  // INSIGHTS_CLIENT_CATALOG_JSON_H_
