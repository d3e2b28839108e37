#ifndef INSIGHTS_BENCH_INGEST_MODE_H_
#define INSIGHTS_BENCH_INGEST_MODE_H_

#include <cstdint>
#include <string>

#include "client/insights_client.h"

namespace insights::bench {

struct IngestOptions {
  std::string events_path;
  int64_t limit = 100'000;  // the first `limit` lines of the file
  int batch_size = 1000;
};

// Ingest rate through the IngestEvents RPC alone: the events are read and
// parsed into batches first, untimed, then sent one batch after the other.
// The workspaces must exist. Prints {"events", "stored", "duplicates",
// "batches", "seconds", "events_per_s"} on stdout; returns the exit code,
// with the failure on stderr.
int RunIngestMode(InsightsClient& client, const IngestOptions& options);

}  // namespace insights::bench

#endif  // INSIGHTS_BENCH_INGEST_MODE_H_
