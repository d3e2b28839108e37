#include "bench/query_mode.h"

#include <iostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/insights_client.h"

namespace insights::bench {
namespace {

using Clock = std::chrono::steady_clock;

double MillisSince(Clock::time_point start) {
  return std::chrono::duration<double, std::milli>(Clock::now() - start)
      .count();
}

}  // namespace

int RunQueryMode(const std::shared_ptr<grpc::Channel>& channel,
                 const v1::GetWorkspaceStatsRequest& request,
                 const QueryOptions& options) {
  if (!channel->WaitForConnected(std::chrono::system_clock::now() +
                                 std::chrono::seconds(30))) {
    std::cerr << "query: cannot connect\n";
    return 1;
  }
  ClientOptions client_options;
  client_options.timeout = options.deadline;
  InsightsClient client(channel, client_options);

  Clock::time_point start = Clock::now();
  absl::StatusOr<v1::GetWorkspaceStatsResponse> cold =
      client.GetWorkspaceStats(request);
  const double cold_ms = MillisSince(start);
  if (!cold.ok()) {
    std::cerr << "query: " << cold.status() << "\n";
    return 1;
  }

  std::vector<double> hot_ms;
  double spent_ms = 0;
  while (static_cast<int>(hot_ms.size()) < options.hot_repeats &&
         (hot_ms.empty() || spent_ms < options.hot_budget_seconds * 1000)) {
    start = Clock::now();
    absl::StatusOr<v1::GetWorkspaceStatsResponse> hot =
        client.GetWorkspaceStats(request);
    hot_ms.push_back(MillisSince(start));
    spent_ms += hot_ms.back();
    if (!hot.ok()) {
      std::cerr << "query (hot): " << hot.status() << "\n";
      return 1;
    }
  }

  nlohmann::json out = {{"cold_ms", cold_ms},
                        {"hot_ms", hot_ms},
                        {"reply_bytes", cold->ByteSizeLong()}};
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace insights::bench
