#ifndef INSIGHTS_CLIENT_EVENT_UPLOADER_H_
#define INSIGHTS_CLIENT_EVENT_UPLOADER_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <absl/status/status.h>

#include "client/insights_client.h"

namespace insights {

// Sends events in batches through IngestEvents. A batch that fails for a
// passing reason (UNAVAILABLE, DEADLINE_EXCEEDED) is sent again, which is
// safe because the server recognises redelivered events. Batches
// acknowledged before a failure stay stored. Not thread-safe.
class EventUploader final {
 public:
  // Called after each acknowledged batch with the events sent so far.
  using Progress = std::function<void(int64_t sent)>;

  EventUploader(InsightsClient& client, int batch_size, Progress progress)
      : client_(client),
        batch_size_(batch_size),
        progress_(std::move(progress)) {}

  void set_progress(Progress progress) { progress_ = std::move(progress); }

  // Queues `event`; `origin` says where it came from ("events.jsonl:12") for
  // error messages. Sends a batch when one is full.
  absl::Status Add(v1::Event event, std::string origin);
  // Sends what is queued.
  absl::Status Flush();

  int64_t stored() const { return stored_; }
  int64_t duplicates() const { return duplicates_; }

 private:
  absl::Status SendWithRetries();
  // Prefixes a batch error with the origin of the event it names, if any.
  absl::Status Locate(const absl::Status& status) const;

  InsightsClient& client_;
  const int batch_size_;
  Progress progress_;
  v1::IngestEventsRequest batch_;
  std::vector<std::string> origins_;
  int64_t sent_ = 0;
  int64_t stored_ = 0;
  int64_t duplicates_ = 0;
};

}  // namespace insights

#endif  // INSIGHTS_CLIENT_EVENT_UPLOADER_H_
