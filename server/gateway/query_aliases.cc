#include "server/gateway/query_aliases.h"

namespace insights::gateway {

const std::vector<QueryAlias>& ServiceQueryAliases() {
  static const auto* const kAliases = new std::vector<QueryAlias>{
      {"insights.v1.GetWorkspaceStatsRequest", "project", "project_id"},
  };
  return *kAliases;
}

}  // namespace insights::gateway
