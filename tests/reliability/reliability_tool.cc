// reliability_tool: the gRPC side of the reliability tests, driven by the
// python3 scripts next to it (which own the server processes, the database
// files and the assertions). Every subcommand prints machine-readable lines
// on stdout and exits 0 when it could do its job; a gRPC error is a result
// to print, not a failure of the tool.
//
//   ingest ADDR CATALOG EVENTS FROM BATCH
//       Puts the catalog (then prints "ready"), then sends events[FROM..] in
//       batches through InsightsClient::IngestEvents, printing "acked N"
//       (events 0..N-1 are acknowledged) after each batch. Exits 3 at the first
//       error, after printing "error CODE MESSAGE", so that the caller resumes
//       from the last acknowledged N.
//   send ADDR REQUEST_JSON_FILE
//       Sends an IngestEventsRequest written in proto JSON as is, without the
//       client's own checks, and prints the result as JSON ({"code",
//       "message"} and, when stored, "stored" and "duplicates").
//   send-invalid-utf8 ADDR FIELD
//       Sends one otherwise valid event whose FIELD (workspace_id,
//       event_id, project_id, labeler_id, image_id) holds invalid UTF-8,
//       as raw bytes that no protobuf library would produce.
//   send-oversized ADDR BYTES
//       Sends an IngestEvents request of BYTES bytes (zeros: the size is
//       what is tested, not the content) and prints the result's
//       {"code","message"}.
//   stats ADDR WORKSPACE KEY VIA [PROJECT...]
//       GetWorkspaceStats over the whole history, the key sent VIA "field",
//       "x-api-key", "bearer" or "none"; prints the REST-shaped JSON or
//       {"code","message"}.
//   load ADDR WORKSPACE KEY THREADS SECONDS SERVER_PID
//       THREADS callers ask for statistics in a loop; after one second the
//       tool sends SIGTERM to SERVER_PID (a server the test started) and
//       keeps calling until every caller has seen an error or SECONDS pass.
//       Prints the outcomes by code, and separately those of the calls that
//       were in flight when the signal was sent.
//   concurrent-stats ADDR MIX_JSON THREADS SECONDS
//       THREADS callers send the requests of MIX_JSON (stats_mix.h) until a
//       line "settled" arrives on stdin; then each asks every hot request
//       once more. Prints the calls, the errors by code and the distinct
//       answers to each hot request after "settled". Stops at SECONDS.
//   stats-load ADDR MIX_JSON CONCURRENCY SECONDS
//       CONCURRENCY calls of MIX_JSON in flight for SECONDS; prints calls,
//       errors, throughput and p50/p99/max latency.

#include <chrono>
#include <condition_variable>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <vector>

#include <google/protobuf/util/json_util.h>
#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <nlohmann/json.hpp>

#include "client/catalog_json.h"
#include "client/event_json.h"
#include "client/insights_client.h"
#include "common/rest_json.h"

namespace insights::reliability {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

void PrintStatus(int code, const std::string& message) {
  std::cout << nlohmann::json{{"code", code}, {"message", message}}.dump()
            << std::endl;
}

absl::Status PutCatalog(InsightsClient& client, const std::string& path) {
  absl::StatusOr<CatalogRequests> catalog = ParseCatalogJson(ReadFile(path));
  if (!catalog.ok()) return catalog.status();
  for (const v1::PutWorkspaceRequest& workspace : catalog->workspaces) {
    if (absl::Status s = client.PutWorkspace(workspace); !s.ok()) return s;
  }
  if (absl::Status s = client.PutProjects(catalog->projects); !s.ok()) return s;
  return client.PutLabelers(catalog->labelers);
}

absl::StatusOr<std::vector<v1::Event>> ReadEvents(const std::string& path) {
  std::ifstream in(path);
  std::vector<v1::Event> events;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    absl::StatusOr<v1::Event> event = ParseEventJson(line);
    if (!event.ok()) {
      return absl::InvalidArgumentError("line " + std::to_string(number) +
                                        ": " + event.status().ToString());
    }
    events.push_back(*std::move(event));
  }
  return events;
}

int Ingest(const std::vector<std::string>& args) {
  ClientOptions options;
  options.address = args[0];
  options.timeout = std::chrono::seconds(20);
  InsightsClient client(options);
  absl::StatusOr<std::vector<v1::Event>> events = ReadEvents(args[2]);
  if (!events.ok()) {
    std::cerr << events.status() << "\n";
    return 2;
  }
  absl::Status status = PutCatalog(client, args[1]);
  if (status.ok()) std::cout << "ready" << std::endl;
  size_t next = std::stoul(args[3]);
  const size_t batch_size = std::stoul(args[4]);
  while (status.ok() && next < events->size()) {
    v1::IngestEventsRequest request;
    const size_t end = std::min(next + batch_size, events->size());
    for (size_t i = next; i < end; ++i) *request.add_events() = (*events)[i];
    absl::StatusOr<v1::IngestEventsResponse> response =
        client.IngestEvents(request);
    status = response.status();
    if (status.ok()) {
      next = end;
      std::cout << "acked " << next << std::endl;
    }
  }
  if (!status.ok()) {
    std::cout << "error " << static_cast<int>(status.code()) << " "
              << status.message() << std::endl;
    return 3;
  }
  std::cout << "done " << next << std::endl;
  return 0;
}

std::shared_ptr<grpc::Channel> Channel(const std::string& address) {
  return grpc::CreateChannel(address, grpc::InsecureChannelCredentials());
}

int Send(const std::vector<std::string>& args) {
  v1::IngestEventsRequest request;
  auto parsed =
      google::protobuf::util::JsonStringToMessage(ReadFile(args[1]), &request);
  if (!parsed.ok()) {
    std::cerr << "bad request file: " << parsed.ToString() << "\n";
    return 2;
  }
  auto stub = v1::IngestService::NewStub(Channel(args[0]));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(20));
  v1::IngestEventsResponse response;
  grpc::Status status = stub->IngestEvents(&context, request, &response);
  nlohmann::json result = {{"code", status.error_code()},
                           {"message", status.error_message()}};
  if (status.ok()) {
    result["stored"] = response.stored_count();
    result["duplicates"] = response.duplicate_count();
  }
  std::cout << result.dump() << std::endl;
  return 0;
}

// One valid event with `field` set to `value`.
v1::IngestEventsRequest OneEvent(const std::string& field,
                                 const std::string& value) {
  v1::IngestEventsRequest request;
  v1::Event* event = request.add_events();
  event->set_event_id("utf8-probe");
  event->mutable_time()->set_seconds(1704067200);  // 2024-01-01
  event->set_workspace_id("ws-a");
  event->set_project_id("proj-a1");
  event->set_labeler_id("lab-1");
  event->set_image_id("img-1");
  event->mutable_annotation()->set_boxes_added(1);
  const auto* descriptor = event->GetDescriptor()->FindFieldByName(field);
  if (descriptor != nullptr) {
    event->GetReflection()->SetString(event, descriptor, value);
  }
  return request;
}

// Sends `wire` as the request of `method` without serializing anything.
grpc::Status SendRawBytes(const std::string& address, const std::string& method,
                          const std::string& wire) {
  grpc::GenericStub stub(Channel(address));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(20));
  grpc::Slice slice(wire);
  grpc::ByteBuffer request(&slice, 1);
  grpc::ByteBuffer response;
  std::mutex mu;
  std::condition_variable done_cv;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, method, grpc::StubOptions(), &request, &response,
                 [&](grpc::Status s) {
                   std::lock_guard<std::mutex> lock(mu);
                   status = std::move(s);
                   done = true;
                   done_cv.notify_one();
                 });
  std::unique_lock<std::mutex> lock(mu);
  done_cv.wait(lock, [&] { return done; });
  return status;
}

constexpr char kIngestEventsMethod[] =
    "/insights.v1.IngestService/IngestEvents";

int SendInvalidUtf8(const std::vector<std::string>& args) {
  // Serialize with an ASCII stand-in of the same length, then swap in the
  // invalid bytes: the wire length prefixes stay right.
  const std::string stand_in = "PROBE\x01";
  const std::string invalid = "bad\xC3\x28\xFF";
  std::string wire;
  OneEvent(args[1], stand_in).SerializeToString(&wire);
  const size_t at = wire.find(stand_in);
  if (at == std::string::npos || stand_in.size() != invalid.size()) return 2;
  wire.replace(at, invalid.size(), invalid);
  grpc::Status status = SendRawBytes(args[0], kIngestEventsMethod, wire);
  PrintStatus(status.error_code(), status.error_message());
  return 0;
}

int SendOversized(const std::vector<std::string>& args) {
  const std::string wire(std::stoul(args[1]), '\0');
  grpc::Status status = SendRawBytes(args[0], kIngestEventsMethod, wire);
  PrintStatus(status.error_code(), status.error_message());
  return 0;
}

grpc::Status CallStats(v1::AnnotationInsightsService::Stub& stub,
                       v1::GetWorkspaceStatsRequest request,
                       const std::string& key, const std::string& via,
                       v1::GetWorkspaceStatsResponse* response) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(20));
  if (via == "field") request.set_api_key(key);
  if (via == "x-api-key") context.AddMetadata("x-api-key", key);
  if (via == "bearer") context.AddMetadata("authorization", "Bearer " + key);
  return stub.GetWorkspaceStats(&context, request, response);
}

int Stats(const std::vector<std::string>& args) {
  auto stub = v1::AnnotationInsightsService::NewStub(Channel(args[0]));
  v1::GetWorkspaceStatsRequest request;
  request.set_workspace(args[1]);
  request.set_start_date("2000-01-01");
  request.set_end_date("2099-12-31");
  for (size_t i = 4; i < args.size(); ++i) request.add_project_id(args[i]);
  v1::GetWorkspaceStatsResponse response;
  grpc::Status status = CallStats(*stub, request, args[2], args[3], &response);
  if (!status.ok()) {
    PrintStatus(status.error_code(), status.error_message());
  } else {
    std::cout << ToRestJson(response).dump() << std::endl;
  }
  return 0;
}

}  // namespace

// Defined in load_command.cc, concurrent_stats_command.cc and
// stats_load_command.cc.
int Load(const std::vector<std::string>& args);
int ConcurrentStats(const std::vector<std::string>& args);
int StatsLoad(const std::vector<std::string>& args);

}  // namespace insights::reliability

int main(int argc, char** argv) {
  using namespace insights::reliability;
  const std::map<std::string,
                 std::pair<size_t, int (*)(const std::vector<std::string>&)>>
      commands = {{"ingest", {5, Ingest}},
                  {"send", {2, Send}},
                  {"send-invalid-utf8", {2, SendInvalidUtf8}},
                  {"send-oversized", {2, SendOversized}},
                  {"stats", {4, Stats}},
                  {"load", {6, Load}},
                  {"concurrent-stats", {4, ConcurrentStats}},
                  {"stats-load", {4, StatsLoad}}};
  if (argc < 2 || commands.count(argv[1]) == 0) {
    std::cerr << "usage: reliability_tool COMMAND ARGS... (see the source)\n";
    return 2;
  }
  const auto& [arity, run] = commands.at(argv[1]);
  std::vector<std::string> args(argv + 2, argv + argc);
  if (args.size() < arity) {
    std::cerr << argv[1] << ": needs " << arity << " arguments\n";
    return 2;
  }
  return run(args);
}
