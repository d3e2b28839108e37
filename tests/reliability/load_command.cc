// `reliability_tool load`: concurrent statistics callers while the server
// is told to stop (SIGTERM), to show how calls in flight end.

#include <signal.h>
#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <nlohmann/json.hpp>

#include "insights/v1/stats_service.grpc.pb.h"

namespace insights::reliability {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::chrono::milliseconds kMargin{2};

struct CallRecord {
  Clock::time_point start;
  Clock::time_point end;
  int code;
};

// Every call asks for another range, so that the answer cache never serves
// it and each call does the real work on the server.
v1::GetWorkspaceStatsRequest VaryingRequest(const std::string& workspace,
                                            int call) {
  v1::GetWorkspaceStatsRequest request;
  request.set_workspace(workspace);
  const int day = 1 + call % 28;
  char start[16];
  std::snprintf(start, sizeof start, "2023-08-%02d", day);
  request.set_start_date(start);
  request.set_end_date("2099-12-31");
  return request;
}

void Caller(const std::shared_ptr<grpc::Channel>& channel,
            const std::string& workspace, const std::string& key, int caller,
            Clock::time_point stop_at, std::mutex& mu,
            std::vector<CallRecord>& records) {
  auto stub = v1::AnnotationInsightsService::NewStub(channel);
  for (int call = caller * 1000; Clock::now() < stop_at; ++call) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::seconds(30));
    context.AddMetadata("x-api-key", key);
    v1::GetWorkspaceStatsResponse response;
    const Clock::time_point start = Clock::now();
    grpc::Status status = stub->GetWorkspaceStats(
        &context, VaryingRequest(workspace, call), &response);
    {
      std::lock_guard<std::mutex> lock(mu);
      records.push_back({start, Clock::now(), status.error_code()});
    }
    if (!status.ok()) return;  // the server is going away
  }
}

nlohmann::json Summarize(const std::vector<CallRecord>& records,
                         Clock::time_point signalled) {
  std::map<std::string, int> all;
  std::map<std::string, int> in_flight;
  for (const CallRecord& record : records) {
    const std::string code = std::to_string(record.code);
    ++all[code];
    // In flight: under way well before the signal (a call sent a moment
    // before it may reach a server already stopping) and not yet answered.
    if (record.start + kMargin <= signalled && record.end > signalled) {
      ++in_flight[code];
    }
  }
  return {{"all", all}, {"in_flight", in_flight}};
}

}  // namespace

int Load(const std::vector<std::string>& args) {
  const std::string& address = args[0];
  const int threads = std::stoi(args[3]);
  const auto bound = std::chrono::seconds(std::stoi(args[4]));
  const pid_t server = static_cast<pid_t>(std::stol(args[5]));
  if (server <= 0 || threads <= 0) return 2;
  const Clock::time_point stop_at = Clock::now() + bound;

  std::mutex mu;
  std::vector<CallRecord> records;
  std::vector<std::thread> callers;
  for (int i = 0; i < threads; ++i) {
    // A channel each, as independent services would have.
    auto channel =
        grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
    callers.emplace_back(Caller, channel, args[1], args[2], i, stop_at,
                         std::ref(mu), std::ref(records));
  }
  std::this_thread::sleep_for(std::chrono::seconds(1));
  const Clock::time_point signalled = Clock::now();
  kill(server, SIGTERM);
  for (std::thread& caller : callers) caller.join();
  std::cout << Summarize(records, signalled).dump() << std::endl;
  return 0;
}

}  // namespace insights::reliability
