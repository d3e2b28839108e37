// bench-floor-server: the floors the benchmark measures the service against.
//
//   gRPC: benchfloor.v1.FloorService/Empty answers at once with a reply of
//         the requested serialized size, on a synchronous server configured
//         like insights-server (same thread quota, same message limits).
//   HTTP: GET /bytes/N answers 200 with an N-byte body, on Boost.Beast like
//         the REST gateway (bench/http_floor.h).
//
// Logs `floor gRPC listening on HOST:PORT` and `floor HTTP listening on
// HOST:PORT` on stderr, then serves until SIGINT or SIGTERM.
#include <csignal>
#include <cstdio>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>
#include <grpcpp/resource_quota.h>

#include "bench/http_floor.h"
#include "benchfloor/v1/floor_service.grpc.pb.h"

namespace {

// Bounds what one request may make the server allocate.
constexpr int kMaxReplyBytes = 16 << 20;

// Bytes that field 1 of EmptyResponse adds around a payload of `size`.
int FieldOverhead(int size) {
  int varint = 1;
  for (int rest = size >> 7; rest > 0; rest >>= 7) ++varint;
  return 1 + varint;
}

class FloorService final : public benchfloor::v1::FloorService::Service {
 public:
  grpc::Status Empty(grpc::ServerContext* /*context*/,
                     const benchfloor::v1::EmptyRequest* request,
                     benchfloor::v1::EmptyResponse* response) override {
    const int wanted = request->reply_bytes();
    if (wanted < 0 || wanted > kMaxReplyBytes) {
      return grpc::Status(grpc::StatusCode::INVALID_ARGUMENT,
                          "reply_bytes out of range");
    }
    if (wanted == 0) return grpc::Status::OK;
    int payload = wanted - FieldOverhead(wanted);
    if (payload < 0) payload = 0;
    // A shorter payload may need a shorter length prefix.
    if (payload + FieldOverhead(payload) < wanted) ++payload;
    response->mutable_payload()->assign(static_cast<size_t>(payload), 'x');
    return grpc::Status::OK;
  }
};

struct Options {
  std::string grpc_address = "127.0.0.1:0";
  std::string http_host = "127.0.0.1";
  int http_threads = 2;  // the gateway's default event-loop threads
  int max_threads = 64;
};

}  // namespace

int main(int argc, char** argv) {
  Options options;
  CLI::App app{"Empty gRPC and HTTP/1.1 servers: the floors of the benchmark"};
  app.add_option("--grpc-addr", options.grpc_address,
                 "gRPC address (port 0: any)");
  app.add_option("--http-host", options.http_host,
                 "HTTP host; the port is chosen");
  app.add_option("--http-threads", options.http_threads,
                 "HTTP event-loop threads")
      ->check(CLI::Range(1, 64));
  app.add_option("--max-threads", options.max_threads,
                 "gRPC thread quota, as insights-server --max-threads")
      ->check(CLI::Range(2, 1024));
  CLI11_PARSE(app, argc, argv);

  // Signals are taken by sigwait below, so every thread must block them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  FloorService service;
  grpc::ResourceQuota quota("floor");
  quota.SetMaxThreads(options.max_threads);
  grpc::ServerBuilder builder;
  int grpc_port = 0;
  builder.AddListeningPort(options.grpc_address,
                           grpc::InsecureServerCredentials(), &grpc_port);
  builder.SetResourceQuota(quota);
  builder.SetMaxSendMessageSize(kMaxReplyBytes + 16);
  builder.RegisterService(&service);
  std::unique_ptr<grpc::Server> grpc_server = builder.BuildAndStart();
  if (!grpc_server || grpc_port == 0) {
    std::fprintf(stderr, "cannot listen on %s\n", options.grpc_address.c_str());
    return 1;
  }

  insights::bench::HttpFloor http(options.http_host, options.http_threads);
  if (http.port() == 0) {
    std::fprintf(stderr, "cannot listen on %s\n", options.http_host.c_str());
    return 1;
  }

  const std::string host =
      options.grpc_address.substr(0, options.grpc_address.rfind(':'));
  std::fprintf(stderr, "floor gRPC listening on %s:%d\n", host.c_str(),
               grpc_port);
  std::fprintf(stderr, "floor HTTP listening on %s:%d\n",
               options.http_host.c_str(), http.port());

  int signal_number = 0;
  sigwait(&stop_signals, &signal_number);
  http.Stop();
  grpc_server->Shutdown();
  return 0;
}
