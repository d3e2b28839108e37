#ifndef INSIGHTS_SERVER_RPC_CALLER_KEY_H_
#define INSIGHTS_SERVER_RPC_CALLER_KEY_H_

#include <string>

#include <grpcpp/server_context.h>

namespace insights {

// The caller's API key: the request's own field when set, else metadata
// `x-api-key`, else `authorization: Bearer KEY`. Empty when none was sent.
std::string CallerKey(const std::string& field,
                      const grpc::ServerContextBase& context);

// The token of `authorization: Bearer TOKEN`, empty when absent.
std::string BearerToken(const grpc::ServerContextBase& context);

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_CALLER_KEY_H_
