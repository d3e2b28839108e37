#include "server/rpc/caller_key.h"

#include <absl/strings/match.h>

namespace insights {
namespace {

absl::string_view MetadataValue(const grpc::ServerContextBase& context,
                                absl::string_view name) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(grpc::string_ref(name.data(), name.size()));
  if (found == metadata.end()) return {};
  return absl::string_view(found->second.data(), found->second.size());
}

}  // namespace

std::string BearerToken(absl::string_view authorization) {
  constexpr absl::string_view kScheme = "bearer ";
  if (authorization.size() <= kScheme.size() ||
      !absl::StartsWithIgnoreCase(authorization, kScheme)) {
    return {};
  }
  return std::string(authorization.substr(kScheme.size()));
}

std::string BearerToken(const grpc::ServerContextBase& context) {
  return BearerToken(MetadataValue(context, "authorization"));
}

std::string MetadataKey(absl::string_view x_api_key,
                        absl::string_view authorization) {
  if (!x_api_key.empty()) return std::string(x_api_key);
  return BearerToken(authorization);
}

std::string MetadataKey(const grpc::ServerContextBase& context) {
  return MetadataKey(MetadataValue(context, "x-api-key"),
                     MetadataValue(context, "authorization"));
}

}  // namespace insights
