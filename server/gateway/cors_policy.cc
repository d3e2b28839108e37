#include "server/gateway/cors_policy.h"

#include <absl/strings/ascii.h>
#include <absl/strings/match.h>
#include <absl/strings/str_join.h>
#include <absl/strings/str_split.h>

#include <algorithm>

namespace insights::gateway {
namespace {

constexpr absl::string_view kAllowedHeaders =
    "Authorization, Content-Type, X-Api-Key, Grpc-Timeout";
// Browsers cache a preflight answer this long (seconds); most cap it lower.
constexpr absl::string_view kMaxAgeSeconds = "600";

}  // namespace

CorsPolicy::CorsPolicy(std::vector<std::string> allowed_origins)
    : origins_(std::move(allowed_origins)) {
  any_origin_ =
      std::find(origins_.begin(), origins_.end(), "*") != origins_.end();
}

bool CorsPolicy::Allows(absl::string_view origin) const {
  if (origin.empty()) return false;
  return any_origin_ ||
         std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

void CorsPolicy::AddResponseHeaders(absl::string_view origin,
                                    HeaderList& headers) const {
  if (!Allows(origin)) return;
  if (any_origin_) {
    headers.emplace_back("Access-Control-Allow-Origin", "*");
    return;
  }
  headers.emplace_back("Access-Control-Allow-Origin", std::string(origin));
  headers.emplace_back("Vary", "Origin");  // the answer differs by origin
}

HeaderList CorsPolicy::PreflightHeaders(
    absl::string_view origin, const std::vector<std::string>& methods,
    absl::string_view requested_headers) const {
  HeaderList headers;
  AddResponseHeaders(origin, headers);
  std::string allowed(kAllowedHeaders);
  for (absl::string_view name :
       absl::StrSplit(requested_headers, ',', absl::SkipWhitespace())) {
    name = absl::StripAsciiWhitespace(name);
    if (absl::StartsWithIgnoreCase(name, "grpc-metadata-")) {
      absl::StrAppend(&allowed, ", ", name);
    }
  }
  headers.emplace_back("Access-Control-Allow-Methods",
                       absl::StrJoin(methods, ", "));
  headers.emplace_back("Access-Control-Allow-Headers", std::move(allowed));
  headers.emplace_back("Access-Control-Max-Age", std::string(kMaxAgeSeconds));
  return headers;
}

}  // namespace insights::gateway
