#ifndef INSIGHTS_COMMON_EVENT_VALIDATION_H_
#define INSIGHTS_COMMON_EVENT_VALIDATION_H_

#include <absl/status/status.h>

#include "insights/v1/ingest_service.pb.h"

namespace insights {

// Checks one event against the contract before anything is stored: every id
// present and at most kMaxIdBytes, a valid time, exactly one kind, counts
// between 0 and kMaxBoxesPerEvent, a review with a reviewer and a result.
// INVALID_ARGUMENT naming the field (by its JSON name) otherwise. The server
// and the client share it, so that a bad line is caught before sending.
absl::Status ValidateEvent(const v1::Event& event);

}  // namespace insights

#endif  // INSIGHTS_COMMON_EVENT_VALIDATION_H_
