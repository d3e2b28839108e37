#include "server/rpc/health_service.h"

#include <chrono>

namespace insights {
namespace {

using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

// A watcher whose client went away is noticed within this time, since a
// cancelled call does not wake the condition variable.
constexpr std::chrono::milliseconds kCancelCheckInterval{500};

grpc::Status UnknownService(const HealthCheckRequest& request) {
  return grpc::Status(grpc::StatusCode::NOT_FOUND,
                      "unknown service \"" + request.service() +
                          "\"; this server reports only on \"\" (the "
                          "whole server)");
}

}  // namespace

void HealthService::SetServing(bool serving) {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    if (shut_down_) return;
    status_ = serving ? HealthCheckResponse::SERVING
                      : HealthCheckResponse::NOT_SERVING;
  }
  changed_.notify_all();
}

void HealthService::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    shut_down_ = true;
    status_ = HealthCheckResponse::NOT_SERVING;
  }
  changed_.notify_all();
}

grpc::Status HealthService::Check(grpc::ServerContext* /*context*/,
                                  const HealthCheckRequest* request,
                                  HealthCheckResponse* response) {
  if (!request->service().empty()) return UnknownService(*request);
  std::lock_guard<std::mutex> lock(mutex_);
  response->set_status(status_);
  return grpc::Status::OK;
}

grpc::Status HealthService::Watch(
    grpc::ServerContext* context, const HealthCheckRequest* request,
    grpc::ServerWriter<HealthCheckResponse>* writer) {
  // The protocol asks Watch to report SERVICE_UNKNOWN, not to fail, so
  // that a watcher can wait for a service to appear; none will here.
  const bool known = request->service().empty();
  std::unique_lock<std::mutex> lock(mutex_);
  if (watchers_ >= kMaxWatchers) {
    return grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                        "too many health watchers; use Check, or retry later");
  }
  ++watchers_;
  ServingStatus sent = HealthCheckResponse::UNKNOWN;
  while (!context->IsCancelled()) {
    const ServingStatus now =
        known ? status_ : HealthCheckResponse::SERVICE_UNKNOWN;
    if (now != sent) {
      HealthCheckResponse response;
      response.set_status(now);
      lock.unlock();
      const bool written = writer->Write(response);
      lock.lock();
      if (!written) break;
      sent = now;
    } else if (shut_down_) {
      break;  // the last status, NOT_SERVING, went out
    } else {
      changed_.wait_for(lock, kCancelCheckInterval);
    }
  }
  --watchers_;
  return context->IsCancelled()
             ? grpc::Status(grpc::StatusCode::CANCELLED, "watch cancelled")
             : grpc::Status::OK;
}

}  // namespace insights
