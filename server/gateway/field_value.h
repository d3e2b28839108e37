#ifndef INSIGHTS_SERVER_GATEWAY_FIELD_VALUE_H_
#define INSIGHTS_SERVER_GATEWAY_FIELD_VALUE_H_

#include <absl/status/status.h>
#include <absl/strings/string_view.h>
#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

namespace insights::gateway {

// Sets `field` of `message` from the text a URL carries for it (a path
// variable or a query value), appending when the field is repeated.
//
// Accepted forms: decimal integers in the field's range; doubles and floats
// as strtod reads them (also "inf", "nan"); bools "true", "false", "1", "0";
// enums by value name or by a defined number; strings as valid UTF-8; bytes
// as base64 (standard or URL-safe); google.protobuf.Timestamp and Duration
// in their JSON forms; the wrapper types by their wrapped value.
//
// Errors: INVALID_ARGUMENT saying what the text should have been
// ("must be an int64, not \"x\""); the caller names the parameter. The text is
// quoted only for number, bool and enum fields, never for strings or bytes,
// which may hold a key.
absl::Status SetFieldFromText(google::protobuf::Message& message,
                              const google::protobuf::FieldDescriptor& field,
                              absl::string_view text);

// Whether SetFieldFromText can set `field` (a scalar, or a message it reads
// from text); other message fields are reached through their subfields.
bool IsTextSettable(const google::protobuf::FieldDescriptor& field);

}  // namespace insights::gateway

#endif  // INSIGHTS_SERVER_GATEWAY_FIELD_VALUE_H_
