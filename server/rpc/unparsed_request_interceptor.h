#ifndef INSIGHTS_SERVER_RPC_UNPARSED_REQUEST_INTERCEPTOR_H_
#define INSIGHTS_SERVER_RPC_UNPARSED_REQUEST_INTERCEPTOR_H_

#include <map>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>
#include <grpcpp/support/server_interceptor.h>

namespace insights {

// What a caller is told when its request is not a valid `type`: one
// wording for every door.
std::string UnparsedRequestMessage(const google::protobuf::Descriptor& type);

// gRPC's synchronous API answers a request it cannot parse (a string field
// that is not UTF-8, a truncated message) with INTERNAL and no message,
// before any handler runs. For the methods of the services named, this
// turns that answer into INVALID_ARGUMENT naming the expected message, as
// the asynchronous GetWorkspaceStats door says itself. The project's own
// handlers never send INTERNAL without a message, so nothing else is
// rewritten. Calls of other methods are not intercepted at all.
class UnparsedRequestInterceptorFactory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // `services`: full names such as "insights.v1.IngestService", compiled in.
  explicit UnparsedRequestInterceptorFactory(
      const std::vector<std::string>& services);

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  // "/insights.v1.IngestService/IngestEvents" -> its refusal's message.
  std::map<std::string, std::string, std::less<>> messages_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_UNPARSED_REQUEST_INTERCEPTOR_H_
