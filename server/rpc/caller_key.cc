#include "server/rpc/caller_key.h"

#include <cctype>
#include <string_view>

namespace insights {
namespace {

std::string MetadataValue(const grpc::ServerContextBase& context,
                          std::string_view name) {
  const auto& metadata = context.client_metadata();
  auto found = metadata.find(grpc::string_ref(name.data(), name.size()));
  if (found == metadata.end()) return {};
  return std::string(found->second.data(), found->second.size());
}

}  // namespace

std::string BearerToken(const grpc::ServerContextBase& context) {
  constexpr std::string_view kScheme = "bearer ";
  std::string value = MetadataValue(context, "authorization");
  if (value.size() <= kScheme.size()) return {};
  for (size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(value[i])) != kScheme[i]) {
      return {};
    }
  }
  return value.substr(kScheme.size());
}

std::string CallerKey(const std::string& field,
                      const grpc::ServerContextBase& context) {
  if (!field.empty()) return field;
  std::string header = MetadataValue(context, "x-api-key");
  if (!header.empty()) return header;
  return BearerToken(context);
}

}  // namespace insights
