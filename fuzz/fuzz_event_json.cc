// Fuzzes ParseEventJson, the reader of every events.jsonl line. Beyond not
// crashing: an event it accepts must pass the server's own validation, so
// that the client never sends what the server would refuse.
#include <cstddef>
#include <cstdint>

#include "client/event_json.h"
#include "common/event_validation.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view line(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<insights::v1::Event> event = insights::ParseEventJson(line);
  if (event.ok() && !insights::ValidateEvent(*event).ok()) __builtin_trap();
  return 0;
}
