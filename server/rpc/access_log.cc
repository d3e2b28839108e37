#include "server/rpc/access_log.h"

#include <spdlog/spdlog.h>

namespace insights {

grpc::Status AccessLog::Finish(grpc::Status status) const {
  const double latency_ms = std::chrono::duration<double, std::milli>(
                                std::chrono::steady_clock::now() - start_)
                                .count();
  spdlog::info("call method={} workspace={} status={} latency_ms={:.2f}",
               method_, workspace_, static_cast<int>(status.error_code()),
               latency_ms);
  if (!status.ok()) {
    spdlog::debug("call method={} error: {}", method_, status.error_message());
  }
  return status;
}

}  // namespace insights
