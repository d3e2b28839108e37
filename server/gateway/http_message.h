#ifndef INSIGHTS_SERVER_GATEWAY_HTTP_MESSAGE_H_
#define INSIGHTS_SERVER_GATEWAY_HTTP_MESSAGE_H_

#include <absl/strings/string_view.h>

#include <string>

#include "server/gateway/call_metadata.h"

namespace insights::gateway {

// An HTTP request as the gateway's logic sees it, apart from the HTTP
// library that read it.
struct HttpRequest {
  std::string method;  // "GET"
  std::string target;  // "/path?query", as sent
  HeaderList headers;  // names lowercase, in arrival order
  std::string body;

  // The first header called `name` (lowercase), or nullptr.
  const std::string* Header(absl::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (key == name) return &value;
    }
    return nullptr;
  }
};

// An answer to write back; Content-Length is the writer's business.
struct HttpResponse {
  int status = 200;
  std::string content_type = "application/json";
  HeaderList headers;
  std::string body;
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_HTTP_MESSAGE_H_
