// insights-load: the benchmark's gRPC client.
//
//   stats   GetWorkspaceStats at a given concurrency (closed loop)
//   empty   the floor server's empty call, same loop, reply of a given size
//   query   one request timed cold (first call) and hot (repeated)
//   ingest  IngestEvents rate with pre-parsed batches
//
// Every mode prints one JSON object on stdout, which scripts/bench reads.
// Load runs are bounded in time (--duration) and in calls (--max-calls).
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <grpcpp/grpcpp.h>

#include "bench/closed_loop.h"
#include "bench/ingest_mode.h"
#include "bench/query_mode.h"
#include "benchfloor/v1/floor_service.grpc.pb.h"
#include "client/insights_client.h"
#include "insights/v1/stats_service.grpc.pb.h"

namespace {

using insights::bench::LoadOptions;
using insights::bench::LoadResultJson;
using insights::bench::PrepareCall;
using insights::bench::RunClosedLoop;
namespace v1 = insights::v1;
namespace floorv1 = benchfloor::v1;

void AddLoadFlags(CLI::App& command, LoadOptions& options, double& warmup,
                  double& duration) {
  command.add_option("--concurrency", options.concurrency, "calls in flight")
      ->check(CLI::Range(1, 1024));
  command.add_option("--threads", options.threads, "client threads")
      ->check(CLI::Range(1, 64));
  command.add_option("--warmup", warmup, "seconds before measuring");
  command.add_option("--duration", duration, "seconds measured")
      ->check(CLI::Range(0.1, 600.0));
  command.add_option("--max-calls", options.max_calls, "most calls measured")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
}

void AddRequestFlags(CLI::App& command, v1::GetWorkspaceStatsRequest& request) {
  command
      .add_option("--workspace", *request.mutable_workspace(), "workspace id")
      ->required();
  command
      .add_option("--api-key", *request.mutable_api_key(),
                  "a key of the workspace")
      ->required();
  command.add_option("--start-date", *request.mutable_start_date(),
                     "YYYY-MM-DD");
  command.add_option("--end-date", *request.mutable_end_date(), "YYYY-MM-DD");
}

// One synchronous call first: it proves the request works and gives the
// reply size the floor must match.
int RunStatsLoad(const std::shared_ptr<grpc::Channel>& channel,
                 const v1::GetWorkspaceStatsRequest& request,
                 const LoadOptions& options) {
  auto stub = v1::AnnotationInsightsService::NewStub(channel);
  grpc::ClientContext probe_context;
  probe_context.set_deadline(std::chrono::system_clock::now() +
                             options.deadline);
  v1::GetWorkspaceStatsResponse probe;
  grpc::Status status =
      stub->GetWorkspaceStats(&probe_context, request, &probe);
  if (!status.ok()) {
    std::cerr << "stats: " << status.error_code() << " "
              << status.error_message() << "\n";
    return 1;
  }
  PrepareCall<v1::GetWorkspaceStatsResponse> prepare =
      [&](grpc::ClientContext* context, grpc::CompletionQueue* queue) {
        return stub->PrepareAsyncGetWorkspaceStats(context, request, queue);
      };
  nlohmann::json out = LoadResultJson(RunClosedLoop(prepare, options));
  out["reply_bytes"] = probe.ByteSizeLong();
  out["concurrency"] = options.concurrency;
  std::cout << out.dump() << std::endl;
  return 0;
}

int RunEmptyLoad(const std::shared_ptr<grpc::Channel>& channel, int reply_bytes,
                 const LoadOptions& options) {
  auto stub = floorv1::FloorService::NewStub(channel);
  floorv1::EmptyRequest request;
  request.set_reply_bytes(reply_bytes);
  grpc::ClientContext probe_context;
  probe_context.set_deadline(std::chrono::system_clock::now() +
                             options.deadline);
  floorv1::EmptyResponse probe;
  grpc::Status status = stub->Empty(&probe_context, request, &probe);
  if (!status.ok()) {
    std::cerr << "empty: " << status.error_code() << " "
              << status.error_message() << "\n";
    return 1;
  }
  PrepareCall<floorv1::EmptyResponse> prepare =
      [&](grpc::ClientContext* context, grpc::CompletionQueue* queue) {
        return stub->PrepareAsyncEmpty(context, request, queue);
      };
  nlohmann::json out = LoadResultJson(RunClosedLoop(prepare, options));
  out["reply_bytes"] = probe.ByteSizeLong();
  out["concurrency"] = options.concurrency;
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"gRPC load, latency and ingest measurements for scripts/bench"};
  app.require_subcommand(1);
  std::string address = "127.0.0.1:50051";
  app.add_option("--addr", address,
                 "server address (loopback only in the bench)");

  v1::GetWorkspaceStatsRequest request;
  std::vector<std::string> project_ids;
  std::vector<std::string> user_ids;
  LoadOptions load;
  double warmup = 0.5;
  double duration = 3.0;
  int reply_bytes = 0;
  insights::bench::QueryOptions query;
  insights::bench::IngestOptions ingest;

  CLI::App* stats = app.add_subcommand("stats", "GetWorkspaceStats under load");
  CLI::App* empty =
      app.add_subcommand("empty", "the floor server's empty call under load");
  CLI::App* timed = app.add_subcommand("query", "one request, cold then hot");
  CLI::App* insert =
      app.add_subcommand("ingest", "IngestEvents rate, batches pre-parsed");
  for (CLI::App* command : {stats, timed}) {
    AddRequestFlags(*command, request);
    command->add_option("--project-id", project_ids, "only these projects");
    command->add_option("--user-id", user_ids, "only these labelers");
  }
  AddLoadFlags(*stats, load, warmup, duration);
  AddLoadFlags(*empty, load, warmup, duration);
  empty->add_option("--reply-bytes", reply_bytes, "serialized reply size")
      ->check(CLI::Range(0, 16 << 20));
  timed->add_option("--hot", query.hot_repeats, "hot repeats")
      ->check(CLI::Range(1, 1000));
  timed->add_option("--hot-budget", query.hot_budget_seconds,
                    "seconds after which hot repeats stop");
  insert->add_option("--events", ingest.events_path, "events.jsonl")
      ->required();
  insert
      ->add_option("--limit", ingest.limit,
                   "events sent (the file's first lines)")
      ->check(CLI::Range(int64_t{1}, int64_t{100'000'000}));
  insert->add_option("--batch", ingest.batch_size, "events per call")
      ->check(CLI::Range(1, 5000));
  CLI11_PARSE(app, argc, argv);

  for (const std::string& id : project_ids) request.add_project_id(id);
  for (const std::string& id : user_ids) request.add_user_id(id);
  load.warmup = std::chrono::duration<double>(warmup);
  load.duration = std::chrono::duration<double>(duration);

  grpc::ChannelArguments arguments;
  arguments.SetMaxReceiveMessageSize(64 << 20);
  auto channel = grpc::CreateCustomChannel(
      address, grpc::InsecureChannelCredentials(), arguments);
  if (stats->parsed()) return RunStatsLoad(channel, request, load);
  if (empty->parsed()) return RunEmptyLoad(channel, reply_bytes, load);
  if (timed->parsed())
    return insights::bench::RunQueryMode(channel, request, query);

  insights::ClientOptions options;
  options.address = address;
  options.timeout = std::chrono::minutes(5);
  insights::InsightsClient client(channel, options);
  return insights::bench::RunIngestMode(client, ingest);
}
