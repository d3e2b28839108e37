#ifndef INSIGHTS_SERVER_RPC_ACCESS_LOG_H_
#define INSIGHTS_SERVER_RPC_ACCESS_LOG_H_

#include <chrono>
#include <string>

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

namespace insights {

// One line per call, for operators: method, workspace, gRPC status code and
// latency, at info level (message text only at debug, as it may echo input).
// Never logs keys or bodies. Create it first thing in a handler and pass the
// handler's status through Finish().
class AccessLog final {
 public:
  explicit AccessLog(const char* method)
      : method_(method), start_(std::chrono::steady_clock::now()) {}

  void set_workspace(std::string workspace) {
    workspace_ = std::move(workspace);
  }

  // Logs the call and returns `status` unchanged.
  grpc::Status Finish(grpc::Status status) const;

 private:
  const char* method_;
  std::string workspace_ = "-";
  std::chrono::steady_clock::time_point start_;
};

}  // namespace insights

#endif  // INSIGHTS_SERVER_RPC_ACCESS_LOG_H_
