#ifndef INSIGHTS_SERVER_RPC_CALLER_KEY_H_
#define INSIGHTS_SERVER_RPC_CALLER_KEY_H_

#include <absl/strings/string_view.h>
#include <grpcpp/server_context.h>

#include <string>

namespace insights {

// The token of an `authorization: Bearer TOKEN` value; empty otherwise.
std::string BearerToken(absl::string_view authorization);

// The token of the call's `authorization: Bearer TOKEN`, empty when absent.
std::string BearerToken(const grpc::ServerContextBase& context);

// The API key sent as metadata: `x-api-key`, else `authorization: Bearer
// KEY`. Empty when neither was sent. (A key in the request's own field
// comes before both; see StatsResponder.)
std::string MetadataKey(absl::string_view x_api_key,
                        absl::string_view authorization);
std::string MetadataKey(const grpc::ServerContextBase& context);

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_CALLER_KEY_H_
