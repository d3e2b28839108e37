#include "bench/ingest_mode.h"

#include <chrono>
#include <fstream>
#include <iostream>
#include <vector>

#include <nlohmann/json.hpp>

#include "client/event_json.h"

namespace insights::bench {
namespace {

// The first `limit` events of the file in batches, or the first bad line.
absl::StatusOr<std::vector<v1::IngestEventsRequest>> ReadBatches(
    const IngestOptions& options, int64_t& events) {
  std::ifstream in(options.events_path, std::ios::binary);
  if (!in) return absl::NotFoundError("cannot open " + options.events_path);
  std::vector<v1::IngestEventsRequest> batches;
  std::string line;
  events = 0;
  for (int64_t number = 1; events < options.limit && std::getline(in, line);
       ++number) {
    if (line.empty()) continue;
    absl::StatusOr<v1::Event> event = ParseEventJson(line);
    if (!event.ok()) {
      return absl::InvalidArgumentError("line " + std::to_string(number) +
                                        ": " +
                                        std::string(event.status().message()));
    }
    if (batches.empty() || batches.back().events_size() >= options.batch_size) {
      batches.emplace_back();
    }
    *batches.back().add_events() = std::move(*event);
    ++events;
  }
  return batches;
}

}  // namespace

int RunIngestMode(InsightsClient& client, const IngestOptions& options) {
  int64_t events = 0;
  absl::StatusOr<std::vector<v1::IngestEventsRequest>> batches =
      ReadBatches(options, events);
  if (!batches.ok()) {
    std::cerr << "ingest: " << batches.status() << "\n";
    return 1;
  }

  int64_t stored = 0;
  int64_t duplicates = 0;
  const auto start = std::chrono::steady_clock::now();
  for (const v1::IngestEventsRequest& batch : *batches) {
    absl::StatusOr<v1::IngestEventsResponse> reply = client.IngestEvents(batch);
    if (!reply.ok()) {
      std::cerr << "ingest: " << reply.status() << "\n";
      return 1;
    }
    stored += reply->stored_count();
    duplicates += reply->duplicate_count();
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start)
          .count();

  nlohmann::json out = {{"events", events},
                        {"stored", stored},
                        {"duplicates", duplicates},
                        {"batches", batches->size()},
                        {"seconds", seconds},
                        {"events_per_s", seconds > 0 ? events / seconds : 0.0}};
  std::cout << out.dump() << std::endl;
  return 0;
}

}  // namespace insights::bench
