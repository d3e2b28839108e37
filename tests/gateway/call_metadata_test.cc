#include "server/gateway/call_metadata.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace insights::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;

TEST(GrpcTimeoutTest, ParsesEveryUnit) {
  using namespace std::chrono;
  EXPECT_EQ(ParseGrpcTimeout("2H"), hours(2));
  EXPECT_EQ(ParseGrpcTimeout("3M"), minutes(3));
  EXPECT_EQ(ParseGrpcTimeout("2S"), seconds(2));
  EXPECT_EQ(ParseGrpcTimeout("500m"), milliseconds(500));
  EXPECT_EQ(ParseGrpcTimeout("7u"), microseconds(7));
  EXPECT_EQ(ParseGrpcTimeout("99999999n"), nanoseconds(99999999));
}

TEST(GrpcTimeoutTest, RefusesMalformedValues) {
  for (const char* bad :
       {"", "S", "5", "5s", "-5S", "1.5S", "123456789S", " 5S", "5 S"}) {
    EXPECT_EQ(ParseGrpcTimeout(bad), std::nullopt) << bad;
  }
}

TEST(MetadataFromHeadersTest, PassesKeysAndPrefixedMetadata) {
  absl::StatusOr<CallMetadata> m = MetadataFromHeaders({
      {"x-api-key", "k1"},
      {"authorization", "Bearer k2"},
      {"grpc-metadata-x-trace", "abc"},
      {"grpc-metadata-blob-bin", "aGk="},
      {"accept", "application/json"},
      {"cookie", "session=1"},
  });
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_THAT(
      m->entries,
      ElementsAre(Pair("x-api-key", "k1"), Pair("authorization", "Bearer k2"),
                  Pair("x-trace", "abc"), Pair("blob-bin", "hi")));
  EXPECT_EQ(m->timeout, std::nullopt);
}

TEST(MetadataFromHeadersTest, GrpcTimeoutSetsTheDeadline) {
  absl::StatusOr<CallMetadata> m =
      MetadataFromHeaders({{"grpc-timeout", "250m"}});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->timeout, std::chrono::milliseconds(250));
  EXPECT_FALSE(MetadataFromHeaders({{"grpc-timeout", "soon"}}).ok());
}

TEST(MetadataFromHeadersTest, RefusesWhatGrpcCannotCarryWithoutQuotingIt) {
  const std::vector<std::pair<std::string, std::string>> bad = {
      {"grpc-metadata-grpc-status", "0"},
      {"grpc-metadata-content-type", "text/plain"},
      {"grpc-metadata-", "x"},
      {"grpc-metadata-a b", "x"},
      {"grpc-metadata-blob-bin", "***"},
      {"x-api-key", "secret\x01"},
  };
  for (const auto& header : bad) {
    absl::StatusOr<CallMetadata> m = MetadataFromHeaders({header});
    ASSERT_FALSE(m.ok()) << header.first;
    EXPECT_THAT(std::string(m.status().message()), HasSubstr(header.first));
    EXPECT_THAT(std::string(m.status().message()), Not(HasSubstr("secret")));
  }
}

}  // namespace
}  // namespace insights::gateway
