#ifndef INSIGHTS_SERVER_GATEWAY_CORS_POLICY_H_
#define INSIGHTS_SERVER_GATEWAY_CORS_POLICY_H_

#include <absl/strings/string_view.h>

#include <string>
#include <vector>

#include "server/gateway/call_metadata.h"

namespace insights::gateway {

// Which web pages may call the API from a browser (CORS). No origin is
// allowed unless listed; "*" allows every origin, without credentials.
// Immutable: safe to share between threads.
class CorsPolicy final {
 public:
  explicit CorsPolicy(std::vector<std::string> allowed_origins);

  bool Allows(absl::string_view origin) const;

  // Adds Access-Control-Allow-Origin (and Vary) to an answer for a caller
  // from `origin` when it is allowed; adds nothing otherwise.
  void AddResponseHeaders(absl::string_view origin, HeaderList& headers) const;

  // The headers of a preflight answer for an allowed `origin`: the
  // `methods` the path has, the request headers the gateway reads (and any
  // Grpc-Metadata-* the browser asked for), and how long to cache this.
  HeaderList PreflightHeaders(absl::string_view origin,
                              const std::vector<std::string>& methods,
                              absl::string_view requested_headers) const;

 private:
  std::vector<std::string> origins_;
  bool any_origin_ = false;
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_CORS_POLICY_H_
