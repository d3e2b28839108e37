#ifndef INSIGHTS_SERVER_GATEWAY_HTTP_RULE_TABLE_H_
#define INSIGHTS_SERVER_GATEWAY_HTTP_RULE_TABLE_H_

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>
#include <google/protobuf/descriptor.h>

#include <string>
#include <vector>

#include "server/gateway/path_template.h"

namespace insights::gateway {

// One HTTP binding of a gRPC method: a google.api.HttpRule or one of its
// additional_bindings.
struct Route {
  std::string http_method;  // "GET", "POST", ... or a custom verb's kind
  PathTemplate path;
  const google::protobuf::MethodDescriptor* method = nullptr;
  std::string grpc_path;                 // "/package.Service/Method"
  std::string body;                      // "", "*" or a top-level request field
  std::string response_body;             // "" or a top-level response field
  std::vector<std::string> path_fields;  // proto field paths of variables
  int binding_index = 0;  // 0 for the rule itself, then its additional ones
};

// The routes of every annotated unary method of some services, read from
// the descriptors compiled into the program, so that a method annotated in
// a .proto is reachable over REST with no gateway code. Immutable once
// built: safe to share between threads.
class HttpRuleTable final {
 public:
  // Errors: NOT_FOUND for a service missing from the generated pool;
  // INVALID_ARGUMENT for a bad path template, a variable or body naming no
  // settable field, a response_body naming no field, a reply type that
  // contains itself (ToRestJson would never end), or two routes with the
  // same method and template. Streaming methods are skipped with a warning.
  static absl::StatusOr<HttpRuleTable> Build(
      const std::vector<std::string>& service_names);

  // What Find saw: a route (with its bindings), or no route for `method`
  // but others for the path (`allowed_methods` says which), or nothing.
  struct Lookup {
    const Route* route = nullptr;
    std::vector<PathBinding> bindings;
    std::vector<std::string> allowed_methods;
  };

  // The most specific route (most literal segments; the first declared on
  // a tie) whose method and template match.
  Lookup Find(absl::string_view http_method, const RequestPath& path) const;

  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_HTTP_RULE_TABLE_H_
