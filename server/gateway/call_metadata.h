#ifndef INSIGHTS_SERVER_GATEWAY_CALL_METADATA_H_
#define INSIGHTS_SERVER_GATEWAY_CALL_METADATA_H_

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>

#include <chrono>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace insights::gateway {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// What an HTTP request's headers give the gRPC call it becomes.
struct CallMetadata {
  HeaderList entries;  // gRPC metadata, names lowercase
  std::optional<std::chrono::nanoseconds> timeout;  // from Grpc-Timeout
};

// Reads `headers` (names lowercase): `x-api-key` and `authorization` pass
// as metadata of the same name, so that the service authenticates REST and
// gRPC callers with the same code; `grpc-metadata-NAME: V` passes as
// `NAME: V` (a NAME ending in "-bin" takes a base64 value); `grpc-timeout`
// sets the deadline. Other headers stay behind.
//
// Errors: INVALID_ARGUMENT naming the header, never quoting its value (it
// may be a key): a bad Grpc-Timeout, a metadata name gRPC reserves or
// cannot carry, a value with bytes metadata cannot carry.
absl::StatusOr<CallMetadata> MetadataFromHeaders(const HeaderList& headers);

// gRPC's timeout format: 1 to 8 digits and a unit, H M S m u n (hours to
// nanoseconds), as in "500m" or "2S". nullopt when malformed.
std::optional<std::chrono::nanoseconds> ParseGrpcTimeout(
    absl::string_view text);

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_CALL_METADATA_H_
