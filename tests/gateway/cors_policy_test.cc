#include "server/gateway/cors_policy.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace insights::gateway {
namespace {

using ::testing::Contains;
using ::testing::IsEmpty;
using ::testing::Pair;

TEST(CorsPolicyTest, NoOriginAllowedByDefault) {
  CorsPolicy policy({});
  EXPECT_FALSE(policy.Allows("https://app.example"));
  HeaderList headers;
  policy.AddResponseHeaders("https://app.example", headers);
  EXPECT_THAT(headers, IsEmpty());
}

TEST(CorsPolicyTest, ListedOriginIsEchoedWithVary) {
  CorsPolicy policy({"https://app.example"});
  EXPECT_TRUE(policy.Allows("https://app.example"));
  EXPECT_FALSE(policy.Allows("https://evil.example"));
  EXPECT_FALSE(policy.Allows(""));
  HeaderList headers;
  policy.AddResponseHeaders("https://app.example", headers);
  EXPECT_THAT(headers, Contains(Pair("Access-Control-Allow-Origin",
                                     "https://app.example")));
  EXPECT_THAT(headers, Contains(Pair("Vary", "Origin")));
}

TEST(CorsPolicyTest, StarAllowsEveryOrigin) {
  CorsPolicy policy({"*"});
  HeaderList headers;
  policy.AddResponseHeaders("https://any.example", headers);
  EXPECT_THAT(headers, Contains(Pair("Access-Control-Allow-Origin", "*")));
}

TEST(CorsPolicyTest, PreflightNamesMethodsHeadersAndMaxAge) {
  CorsPolicy policy({"https://app.example"});
  HeaderList headers = policy.PreflightHeaders(
      "https://app.example", {"GET", "POST"}, "x-api-key, Grpc-Metadata-Trace");
  EXPECT_THAT(headers,
              Contains(Pair("Access-Control-Allow-Methods", "GET, POST")));
  EXPECT_THAT(
      headers,
      Contains(Pair("Access-Control-Allow-Headers",
                    "Authorization, Content-Type, X-Api-Key, Grpc-Timeout, "
                    "Grpc-Metadata-Trace")));
  EXPECT_THAT(headers, Contains(Pair("Access-Control-Max-Age", "600")));
}

}  // namespace
}  // namespace insights::gateway
