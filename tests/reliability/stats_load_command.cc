// `reliability_tool stats-load`: a fixed number of GetWorkspaceStats calls
// kept in flight for a fixed time, with the requests of a StatsMix (cache
// hits and misses), through the benchmark's closed loop (bench/); prints
// the calls, errors, throughput and latency percentiles as JSON.

#include <atomic>
#include <chrono>
#include <iostream>
#include <string>
#include <vector>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>

#include "bench/closed_loop.h"
#include "insights/v1/stats_service.grpc.pb.h"
#include "tests/reliability/stats_mix.h"

namespace insights::reliability {

int StatsLoad(const std::vector<std::string>& args) {
  absl::StatusOr<StatsMix> mix = ReadStatsMix(args[1]);
  bench::LoadOptions options;
  options.concurrency = std::stoi(args[2]);
  options.duration = std::chrono::seconds(std::stoi(args[3]));
  if (!mix.ok()) {
    std::cerr << "stats-load: " << mix.status() << "\n";
    return 2;
  }
  if (options.concurrency <= 0) return 2;
  // Every call counts, the first ones included: an error at start-up is
  // still an error. Two client threads, each with its own completion
  // queue, share the calls in flight.
  options.warmup = std::chrono::seconds(0);
  options.threads = 2;

  auto stub = v1::AnnotationInsightsService::NewStub(
      grpc::CreateChannel(args[0], grpc::InsecureChannelCredentials()));
  std::atomic<uint64_t> next_call{0};
  bench::PrepareCall<v1::GetWorkspaceStatsResponse> prepare =
      [&](grpc::ClientContext* context, grpc::CompletionQueue* queue) {
        return stub->PrepareAsyncGetWorkspaceStats(
            context, mix->ForCall(next_call++), queue);
      };
  nlohmann::json out =
      bench::LoadResultJson(bench::RunClosedLoop(prepare, options));
  out["concurrency"] = options.concurrency;
  out["cold_every"] = mix->cold_every;
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace insights::reliability
