#ifndef INSIGHTS_SERVER_GATEWAY_QUERY_ALIASES_H_
#define INSIGHTS_SERVER_GATEWAY_QUERY_ALIASES_H_

#include <string>
#include <vector>

namespace insights::gateway {

// Another name a query parameter may go by, beyond a field's JSON and proto
// names: the public API accepts a few that no field is called.
struct QueryAlias {
  std::string message;     // full name of the request type
  std::string name;        // the parameter as sent
  std::string field_path;  // the field it stands for, in proto names
};

// The aliases of this service's API (SPEC section 1: `project` for
// `projectId`).
const std::vector<QueryAlias>& ServiceQueryAliases();

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_QUERY_ALIASES_H_
