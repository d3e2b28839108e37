// `reliability_tool concurrent-stats`: many callers ask for statistics at
// once while the test imports, then each checks in with one answer to
// every hot request once the test says the import is over, so that the
// test can compare what concurrent callers were told with the reference.

#include <atomic>
#include <chrono>
#include <iostream>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <nlohmann/json.hpp>

#include "common/rest_json.h"
#include "insights/v1/stats_service.grpc.pb.h"
#include "tests/reliability/stats_mix.h"

namespace insights::reliability {
namespace {

using Clock = std::chrono::steady_clock;

// What all callers saw, merged under `mu`.
struct Outcomes {
  std::mutex mu;
  int64_t calls = 0;
  std::map<int, int64_t> errors;              // by gRPC code
  std::map<int, std::string> first_messages;  // by gRPC code
  // Per hot request: the distinct answers given after the import ended.
  std::vector<std::set<std::string>> settled_answers;
};

grpc::Status Call(v1::AnnotationInsightsService::Stub& stub,
                  const v1::GetWorkspaceStatsRequest& request,
                  v1::GetWorkspaceStatsResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  return stub.GetWorkspaceStats(&context, request, response);
}

void Record(Outcomes& out, const grpc::Status& status) {
  std::lock_guard<std::mutex> lock(out.mu);
  ++out.calls;
  if (status.ok()) return;
  ++out.errors[status.error_code()];
  out.first_messages.emplace(status.error_code(), status.error_message());
}

// Until the import is over (or the bound passes), calls in the mix's order,
// numbered over all callers; then one call for each hot request, starting
// at a different one in each caller, whose answers are kept.
void Caller(const std::shared_ptr<grpc::Channel>& channel, const StatsMix& mix,
            int caller, Clock::time_point stop_at,
            std::atomic<uint64_t>& next_call, const std::atomic<bool>& settled,
            Outcomes& out) {
  auto stub = v1::AnnotationInsightsService::NewStub(channel);
  while (!settled.load() && Clock::now() < stop_at) {
    v1::GetWorkspaceStatsResponse response;
    Record(out, Call(*stub, mix.ForCall(next_call++), &response));
  }
  if (!settled.load()) return;
  for (size_t i = 0; i < mix.hot.size() && Clock::now() < stop_at; ++i) {
    const size_t which = (caller + i) % mix.hot.size();
    v1::GetWorkspaceStatsResponse response;
    const grpc::Status status = Call(*stub, mix.hot[which], &response);
    Record(out, status);
    if (!status.ok()) continue;
    const std::string answer = ToRestJson(response).dump();
    std::lock_guard<std::mutex> lock(out.mu);
    out.settled_answers[which].insert(answer);
  }
}

nlohmann::json Report(const Outcomes& out, bool settled) {
  nlohmann::json errors = nlohmann::json::object();
  for (const auto& [code, count] : out.errors) {
    errors[std::to_string(code)] = {{"count", count},
                                    {"first", out.first_messages.at(code)}};
  }
  nlohmann::json answers = nlohmann::json::array();
  for (const std::set<std::string>& distinct : out.settled_answers) {
    nlohmann::json list = nlohmann::json::array();
    for (const std::string& answer : distinct) {
      list.push_back(nlohmann::json::parse(answer));
    }
    answers.push_back(list);
  }
  return {{"calls", out.calls},
          {"errors", errors},
          {"settled", settled},
          {"answers", answers}};
}

}  // namespace

int ConcurrentStats(const std::vector<std::string>& args) {
  absl::StatusOr<StatsMix> mix = ReadStatsMix(args[1]);
  const int threads = std::stoi(args[2]);
  const auto bound = std::chrono::seconds(std::stoi(args[3]));
  if (!mix.ok()) {
    std::cerr << "concurrent-stats: " << mix.status() << "\n";
    return 2;
  }
  if (threads <= 0) return 2;
  const Clock::time_point stop_at = Clock::now() + bound;
  std::atomic<uint64_t> next_call{0};
  // Static: the reader below may outlive this function.
  static std::atomic<bool> settled{false};
  Outcomes out;
  out.settled_answers.resize(mix->hot.size());

  // The test writes "settled" on stdin once its import has been
  // acknowledged whole. The reader may still be blocked on stdin when the
  // callers are done, hence detached.
  std::thread([] {
    std::string line;
    while (std::getline(std::cin, line)) {
      if (line == "settled") settled = true;
    }
  }).detach();

  std::vector<std::thread> callers;
  for (int i = 0; i < threads; ++i) {
    // A channel each, as independent services would have.
    auto channel =
        grpc::CreateChannel(args[0], grpc::InsecureChannelCredentials());
    callers.emplace_back(Caller, channel, std::cref(*mix), i, stop_at,
                         std::ref(next_call), std::cref(settled),
                         std::ref(out));
  }
  for (std::thread& caller : callers) caller.join();
  std::cout << Report(out, settled.load()).dump() << std::endl;
  return 0;
}

}  // namespace insights::reliability
