#include "server/gateway/status_mapping.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

namespace insights::gateway {
namespace {

using grpc::StatusCode;

TEST(StatusMappingTest, EveryCodeHasItsUsualHttpStatus) {
  const std::vector<std::pair<StatusCode, int>> expected = {
      {StatusCode::OK, 200},
      {StatusCode::CANCELLED, 499},
      {StatusCode::UNKNOWN, 500},
      {StatusCode::INVALID_ARGUMENT, 400},
      {StatusCode::DEADLINE_EXCEEDED, 504},
      {StatusCode::NOT_FOUND, 404},
      {StatusCode::ALREADY_EXISTS, 409},
      {StatusCode::PERMISSION_DENIED, 403},
      {StatusCode::RESOURCE_EXHAUSTED, 429},
      {StatusCode::FAILED_PRECONDITION, 400},
      {StatusCode::ABORTED, 409},
      {StatusCode::OUT_OF_RANGE, 400},
      {StatusCode::UNIMPLEMENTED, 501},
      {StatusCode::INTERNAL, 500},
      {StatusCode::UNAVAILABLE, 503},
      {StatusCode::DATA_LOSS, 500},
      {StatusCode::UNAUTHENTICATED, 401},
      {static_cast<StatusCode>(20), 500},  // a code from the future
  };
  for (const auto& [code, http] : expected) {
    EXPECT_EQ(HttpStatusFromGrpc(code), http) << static_cast<int>(code);
  }
}

TEST(ErrorBodyTest, HasCodeMessageAndEmptyDetails) {
  nlohmann::json body = nlohmann::json::parse(
      ErrorBody(StatusCode::INVALID_ARGUMENT, "startDate \"x\" is bad"));
  EXPECT_EQ(
      body,
      nlohmann::json::parse(
          R"({"code": 3, "message": "startDate \"x\" is bad", "details": []})"));
  EXPECT_TRUE(body["code"].is_number_integer());
}

TEST(ErrorBodyTest, KeepsFieldOrderAndEscapesControlCharacters) {
  const std::string body = ErrorBody(StatusCode::NOT_FOUND, "line\nbreak");
  EXPECT_EQ(body, R"({"code":5,"message":"line\nbreak","details":[]})");
}

TEST(ErrorBodyTest, InvalidUtf8DoesNotThrow) {
  const std::string body = ErrorBody(StatusCode::INTERNAL, "bad \xFF byte");
  EXPECT_FALSE(nlohmann::json::parse(body, nullptr, false).is_discarded());
}

}  // namespace
}  // namespace insights::gateway
