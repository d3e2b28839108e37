#ifndef INSIGHTS_SERVER_GATEWAY_STATUS_MAPPING_H_
#define INSIGHTS_SERVER_GATEWAY_STATUS_MAPPING_H_

#include <absl/strings/string_view.h>
#include <grpcpp/support/status_code_enum.h>

#include <string>

namespace insights::gateway {

// The HTTP status REST callers expect for a gRPC code (the mapping of
// google/rpc/code.proto): INVALID_ARGUMENT 400, UNAUTHENTICATED 401,
// NOT_FOUND 404, DEADLINE_EXCEEDED 504 and so on; an unknown code is 500.
int HttpStatusFromGrpc(grpc::StatusCode code);

// The REST error body {"code": N, "message": "...", "details": []}, with N
// the gRPC code. The message is JSON-escaped here, so any text is safe.
std::string ErrorBody(grpc::StatusCode code, absl::string_view message);

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_STATUS_MAPPING_H_
