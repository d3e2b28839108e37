#ifndef INSIGHTS_SERVER_GATEWAY_URL_DECODE_H_
#define INSIGHTS_SERVER_GATEWAY_URL_DECODE_H_

#include <absl/status/statusor.h>
#include <absl/strings/string_view.h>

#include <string>

namespace insights::gateway {

struct DecodeOptions {
  // Query strings (application/x-www-form-urlencoded) write a space as '+';
  // paths do not.
  bool plus_is_space = false;
  // Keeps "%2F" encoded, for values that span several path segments.
  bool keep_encoded_slash = false;
};

// Decodes "%XX" escapes. Errors: INVALID_ARGUMENT when a '%' is not followed
// by two hex digits (the message does not repeat the text, which may be a
// query value holding a key).
absl::StatusOr<std::string> UrlDecode(absl::string_view text,
                                      DecodeOptions options = {});

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_URL_DECODE_H_
