#ifndef INSIGHTS_BENCH_QUERY_MODE_H_
#define INSIGHTS_BENCH_QUERY_MODE_H_

#include <chrono>
#include <memory>

#include <grpcpp/channel.h>

#include "insights/v1/stats_service.pb.h"

namespace insights::bench {

struct QueryOptions {
  int hot_repeats = 5;
  // Hot repeats stop early once they have taken this long (at least one runs).
  double hot_budget_seconds = 20;
  std::chrono::milliseconds deadline{600'000};
};

// Cold and hot timing of one GetWorkspaceStats request. Waits until the
// channel is connected, so that neither figure includes the TCP and HTTP/2
// handshakes; the first call is the cold one, the repeats are hot. Prints
// {"cold_ms", "hot_ms": [...], "reply_bytes"} on stdout; returns the exit
// code, with the failure on stderr.
int RunQueryMode(const std::shared_ptr<grpc::Channel>& channel,
                 const v1::GetWorkspaceStatsRequest& request,
                 const QueryOptions& options);

}  // namespace insights::bench

#endif  // INSIGHTS_BENCH_QUERY_MODE_H_
