#ifndef INSIGHTS_SERVER_GATEWAY_QUERY_BINDER_H_
#define INSIGHTS_SERVER_GATEWAY_QUERY_BINDER_H_

#include <absl/status/status.h>
#include <absl/strings/string_view.h>
#include <google/protobuf/message.h>

#include <string>
#include <vector>

#include "server/gateway/query_aliases.h"

namespace insights::gateway {

// What the rest of the request already carries, which the query may not
// touch.
struct QueryRules {
  // Fields bound by path variables, in proto names ("parent.shelf").
  std::vector<std::string> path_fields;
  // The HttpRule's `body`: "*" (every field comes in the body, so no query
  // parameter is accepted), a field path, or empty.
  std::string body;
  // Extra names for fields; may be null.
  const std::vector<QueryAlias>* aliases = nullptr;
};

// Sets fields of `message` from a query string (the part after '?').
//
// A parameter names a field by its JSON or proto name ("startDate" or
// "start_date"), a nested one with dots ("a.b"), or by an alias. Names and
// values are URL-decoded ('+' is a space). A repeated field takes every
// occurrence in order; any other field takes one.
//
// Errors, each INVALID_ARGUMENT naming the parameter as sent (never its
// value, which may be a key): a name that is no field ("unknown query
// parameter"), one that names a message rather than a value, a second value
// for a field that is not repeated, a second member of a oneof, a value that
// does not parse for the field's type (see SetFieldFromText), a field bound
// by the path or carried by the body, and a bad "%XX". On error `message`
// may be partly set. Thread-compatible.
absl::Status BindQuery(absl::string_view query, const QueryRules& rules,
                       google::protobuf::Message& message);

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_QUERY_BINDER_H_
