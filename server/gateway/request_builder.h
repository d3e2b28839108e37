#ifndef INSIGHTS_SERVER_GATEWAY_REQUEST_BUILDER_H_
#define INSIGHTS_SERVER_GATEWAY_REQUEST_BUILDER_H_

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>
#include <google/protobuf/message.h>

#include <memory>
#include <vector>

#include "server/gateway/http_rule_table.h"
#include "server/gateway/query_aliases.h"

namespace insights::gateway {

// The parts of an HTTP request that become the gRPC request.
struct RequestParts {
  const std::vector<PathBinding>* bindings = nullptr;
  absl::string_view query;  // after '?', still encoded
  absl::string_view body;   // JSON, when the route takes one
  const std::vector<QueryAlias>* aliases = nullptr;
};

// Builds the request message of `route`: first the body (the whole
// message for body "*", one field for body "field"; protobuf's JSON form,
// unknown fields refused), then the path variables, which win over the
// body, then the query (see BindQuery). Errors: INVALID_ARGUMENT naming the
// body, the path variable or the query parameter at fault.
absl::StatusOr<std::unique_ptr<google::protobuf::Message>> BuildRequestMessage(
    const Route& route, const RequestParts& parts);

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_REQUEST_BUILDER_H_
