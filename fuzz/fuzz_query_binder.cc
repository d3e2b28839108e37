// Fuzzes BindQuery, which turns a REST query string into a request message.
// The first byte picks the message (the stats request with its aliases, or
// an Event, which has nested messages, a oneof, an enum, a Timestamp, int64
// and bool fields) and whether a path variable and a body take fields.
#include <cstddef>
#include <cstdint>

#include "insights/v1/ingest_service.pb.h"
#include "insights/v1/stats_service.pb.h"
#include "server/gateway/query_aliases.h"
#include "server/gateway/query_binder.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const uint8_t mode = data[0];
  const absl::string_view query(reinterpret_cast<const char*>(data + 1),
                                size - 1);
  insights::gateway::QueryRules rules;
  rules.aliases = &insights::gateway::ServiceQueryAliases();
  if (mode & 1) rules.path_fields = {"workspace", "event_id"};
  if (mode & 2) rules.body = (mode & 4) ? "*" : "annotation";
  if (mode & 8) {
    insights::v1::Event event;
    (void)insights::gateway::BindQuery(query, rules, event);
  } else {
    insights::v1::GetWorkspaceStatsRequest request;
    (void)insights::gateway::BindQuery(query, rules, request);
  }
  return 0;
}
