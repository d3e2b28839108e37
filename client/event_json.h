#ifndef INSIGHTS_CLIENT_EVENT_JSON_H_
#define INSIGHTS_CLIENT_EVENT_JSON_H_

#include <absl/strings/string_view.h>

#include <absl/status/statusor.h>

#include "insights/v1/ingest_service.pb.h"

namespace insights {

// Parses one line of events.jsonl (the event format of the README) into an
// Event and validates it (ValidateEvent). Every field of the event's type
// is required; fields the format does not define are ignored.
// INVALID_ARGUMENT naming the field and the problem otherwise.
absl::StatusOr<v1::Event> ParseEventJson(absl::string_view line);

}  // namespace insights

#endif  // INSIGHTS_CLIENT_EVENT_JSON_H_
