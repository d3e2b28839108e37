#include "server/rpc/unparsed_request_interceptor.h"

#include <absl/strings/str_cat.h>

#include <utility>

namespace insights {
namespace {

using grpc::experimental::InterceptionHookPoints;

class UnparsedRequestInterceptor final
    : public grpc::experimental::Interceptor {
 public:
  explicit UnparsedRequestInterceptor(std::string message)
      : message_(std::move(message)) {}

  void Intercept(
      grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            InterceptionHookPoints::PRE_SEND_STATUS)) {
      const grpc::Status status = methods->GetSendStatus();
      if (status.error_code() == grpc::StatusCode::INTERNAL &&
          status.error_message().empty()) {
        methods->ModifySendStatus(
            grpc::Status(grpc::StatusCode::INVALID_ARGUMENT, message_));
      }
    }
    methods->Proceed();
  }

 private:
  const std::string message_;
};

}  // namespace

std::string UnparsedRequestMessage(const google::protobuf::Descriptor& type) {
  return absl::StrCat("the request is not a valid ", type.full_name(),
                      " (strings must be UTF-8)");
}

UnparsedRequestInterceptorFactory::UnparsedRequestInterceptorFactory(
    const std::vector<std::string>& services) {
  const auto* pool = google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : services) {
    const google::protobuf::ServiceDescriptor* service =
        pool->FindServiceByName(name);
    if (service == nullptr) continue;
    for (int i = 0; i < service->method_count(); ++i) {
      const google::protobuf::MethodDescriptor* method = service->method(i);
      messages_[absl::StrCat("/", service->full_name(), "/", method->name())] =
          UnparsedRequestMessage(*method->input_type());
    }
  }
}

grpc::experimental::Interceptor*
UnparsedRequestInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  auto found = messages_.find(info->method());
  if (found == messages_.end()) return nullptr;
  return new UnparsedRequestInterceptor(found->second);
}

}  // namespace insights
