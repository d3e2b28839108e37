#ifndef INSIGHTS_SERVER_GATEWAY_OPENAPI_H_
#define INSIGHTS_SERVER_GATEWAY_OPENAPI_H_

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "server/gateway/http_rule_table.h"
#include "server/gateway/query_aliases.h"

namespace insights::gateway {

struct OpenApiInfo {
  std::string title = "Annotation Insights";
  std::string version = "v1";
};

// An OpenAPI 3.0 document of the routes, so that REST clients can be
// generated: each route with its path variables and, as query parameters,
// every request field neither the path nor the body carries (JSON names,
// dotted for nested fields, `array` for repeated ones); request and reply
// schemas with the JSON names and the types the gateway really writes
// (64-bit integers as `integer`/`int64`, not strings; an optional scalar
// `nullable`; enums by name); the error body as `google.rpc.Status`; and
// /healthz. Aliases are mentioned in their field's description rather than
// listed, so that generated clients get one argument per field.
//
// NOTE: OpenAPI cannot express a variable spanning several segments
// ({name=shelves/*}); it appears as one parameter whose description gives
// the pattern.
nlohmann::ordered_json BuildOpenApi(const HttpRuleTable& table,
                                    const OpenApiInfo& info,
                                    const std::vector<QueryAlias>* aliases);

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_OPENAPI_H_
