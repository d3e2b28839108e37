#ifndef INSIGHTS_COMMON_REST_JSON_H_
#define INSIGHTS_COMMON_REST_JSON_H_

#include <string>

#include <google/protobuf/message.h>
#include <nlohmann/json.hpp>

namespace insights {

// Renders a message the way the public REST endpoint shapes its answers,
// which protobuf's own JSON printer does not: camelCase names, every field
// present even when zero, 64-bit integers as JSON numbers rather than
// strings, and an unset `optional` scalar as null. Field order follows the
// .proto. Doubles are written in their shortest exact form; NaN and
// infinities as protobuf's JSON strings. Thread-safe.
nlohmann::ordered_json ToRestJson(const google::protobuf::Message& message);

// ToRestJson as compact text, written directly (the fast path, for every
// REST answer).
std::string ToRestJsonString(const google::protobuf::Message& message);

}  // namespace insights

#endif  // INSIGHTS_COMMON_REST_JSON_H_
