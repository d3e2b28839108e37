#ifndef INSIGHTS_SERVER_GATEWAY_STATIC_FILE_H_
#define INSIGHTS_SERVER_GATEWAY_STATIC_FILE_H_

#include <string>

#include "server/gateway/call_metadata.h"

namespace insights::gateway {

// A document the gateway answers GET with as it is, from memory: the
// OpenAPI description, or a web page and its script and style.
struct StaticFile {
  std::string path;          // "/openapi.json", exactly; no query
  std::string content_type;  // "text/html; charset=utf-8"
  HeaderList headers;        // sent with it, such as a Content-Security-Policy
  std::string body;
};

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_STATIC_FILE_H_
