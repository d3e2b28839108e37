#include "server/gateway/query_binder.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "insights/v1/stats_service.pb.h"
#include "tests/gateway/testing/echo_service.pb.h"

namespace insights::gateway {
namespace {

using insights::testing::v1::AllTypes;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

absl::Status Bind(const std::string& query, google::protobuf::Message& message,
                  QueryRules rules = {}) {
  if (rules.aliases == nullptr) rules.aliases = &ServiceQueryAliases();
  return BindQuery(query, rules, message);
}

std::string Message(const absl::Status& status) {
  return std::string(status.message());
}

TEST(QueryBinderTest, AcceptsJsonAndProtoNames) {
  v1::GetWorkspaceStatsRequest request;
  ASSERT_TRUE(
      Bind("startDate=2024-01-01&end_date=2024-01-31&apiKey=k1", request).ok());
  EXPECT_EQ(request.start_date(), "2024-01-01");
  EXPECT_EQ(request.end_date(), "2024-01-31");
  EXPECT_EQ(request.api_key(), "k1");

  v1::GetWorkspaceStatsRequest other;
  ASSERT_TRUE(Bind("api_key=k2&start_date=2024-02-01", other).ok());
  EXPECT_EQ(other.api_key(), "k2");
  EXPECT_EQ(other.start_date(), "2024-02-01");
}

TEST(QueryBinderTest, RepeatedParametersFillRepeatedFieldsInOrder) {
  v1::GetWorkspaceStatsRequest request;
  ASSERT_TRUE(
      Bind("projectId=p2&projectId=p1&userId=u1&project_id=p3", request).ok());
  EXPECT_THAT(request.project_id(), ElementsAre("p2", "p1", "p3"));
  EXPECT_THAT(request.user_id(), ElementsAre("u1"));
}

TEST(QueryBinderTest, ProjectIsAnAliasOfProjectId) {
  v1::GetWorkspaceStatsRequest request;
  ASSERT_TRUE(Bind("project=p1&projectId=p2", request).ok());
  EXPECT_THAT(request.project_id(), ElementsAre("p1", "p2"));
}

TEST(QueryBinderTest, AliasesApplyOnlyToTheirMessage) {
  AllTypes message;
  absl::Status status = Bind("project=p1", message);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
}

TEST(QueryBinderTest, DecodesPlusAndPercent) {
  v1::GetWorkspaceStatsRequest request;
  ASSERT_TRUE(
      Bind("userId=a+b&userId=c%2Bd%26e%3D&user%5Fid=%C3%A9", request).ok());
  EXPECT_THAT(request.user_id(), ElementsAre("a b", "c+d&e=", "\xC3\xA9"));
}

TEST(QueryBinderTest, UnknownParameterIsRefusedByName) {
  v1::GetWorkspaceStatsRequest request;
  absl::Status status = Bind("startdate=2024-01-01", request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status), HasSubstr("\"startdate\""));
  EXPECT_THAT(Message(status), HasSubstr("unknown"));
}

TEST(QueryBinderTest, SecondValueForASingleFieldIsRefused) {
  v1::GetWorkspaceStatsRequest request;
  absl::Status status =
      Bind("startDate=2024-01-01&startDate=2024-02-01", request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status),
              HasSubstr("\"startDate\" is given more than once"));

  v1::GetWorkspaceStatsRequest mixed;
  status = Bind("start_date=2024-01-01&startDate=2024-02-01", mixed);
  EXPECT_THAT(Message(status),
              HasSubstr("\"startDate\" is given more than once"));
}

TEST(QueryBinderTest, PathFieldsCannotBeOverridden) {
  v1::GetWorkspaceStatsRequest request;
  QueryRules rules;
  rules.path_fields = {"workspace"};
  absl::Status status = Bind("workspace=other", request, rules);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Message(status),
              HasSubstr("\"workspace\" cannot override the path"));
}

TEST(QueryBinderTest, NestedPathFieldCannotBeOverriddenFromAbove) {
  AllTypes message;
  QueryRules rules;
  rules.path_fields = {"nested.label"};
  EXPECT_FALSE(Bind("nested.label=x", message, rules).ok());
  EXPECT_TRUE(Bind("nested.count=3", message, rules).ok());
  EXPECT_EQ(message.nested().count(), 3);
}

TEST(QueryBinderTest, BodyFieldsAreNotQueryParameters) {
  AllTypes message;
  QueryRules star;
  star.body = "*";
  EXPECT_THAT(Message(Bind("aString=x", message, star)),
              HasSubstr("\"aString\""));
  QueryRules field;
  field.body = "nested";
  EXPECT_THAT(Message(Bind("nested.count=1", message, field)),
              HasSubstr("carried by the body"));
  EXPECT_TRUE(Bind("aString=x", message, field).ok());
}

TEST(QueryBinderTest, ParsesEveryScalarType) {
  AllTypes m;
  ASSERT_TRUE(
      Bind(
          "anInt32=-5&an_int64=-9007199254740993&aUint32=7&aUint64="
          "18446744073709551615"
          "&aSint32=-3&aSint64=-4&aFixed32=5&aFixed64=6&aDouble=2.5&aFloat=0.25"
          "&aBool=true&aString=hi&aBytes=aGk%3D&aColor=COLOR_BLUE",
          m)
          .ok());
  EXPECT_EQ(m.an_int32(), -5);
  EXPECT_EQ(m.an_int64(), -9007199254740993);
  EXPECT_EQ(m.a_uint32(), 7u);
  EXPECT_EQ(m.a_uint64(), 18446744073709551615u);
  EXPECT_EQ(m.a_sint32(), -3);
  EXPECT_EQ(m.a_sint64(), -4);
  EXPECT_EQ(m.a_fixed32(), 5u);
  EXPECT_EQ(m.a_fixed64(), 6u);
  EXPECT_DOUBLE_EQ(m.a_double(), 2.5);
  EXPECT_FLOAT_EQ(m.a_float(), 0.25f);
  EXPECT_TRUE(m.a_bool());
  EXPECT_EQ(m.a_string(), "hi");
  EXPECT_EQ(m.a_bytes(), "hi");
  EXPECT_EQ(m.a_color(), insights::testing::v1::COLOR_BLUE);
}

TEST(QueryBinderTest, EnumsByNumberBoolsAsDigits) {
  AllTypes m;
  ASSERT_TRUE(
      Bind("aColor=1&aBool=0&manyColors=COLOR_RED&manyColors=2", m).ok());
  EXPECT_EQ(m.a_color(), insights::testing::v1::COLOR_RED);
  EXPECT_FALSE(m.a_bool());
  EXPECT_THAT(m.many_colors(), ElementsAre(insights::testing::v1::COLOR_RED,
                                           insights::testing::v1::COLOR_BLUE));
}

TEST(QueryBinderTest, ValuesThatDoNotParseAreRefusedByName) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"anInt32=abc", "\"anInt32\" must be an int32, not \"abc\""},
      {"anInt32=3000000000", "\"anInt32\" must be an int32"},
      {"anInt64=1.5", "\"anInt64\" must be an int64"},
      {"aUint64=-1", "\"aUint64\" must be a uint64"},
      {"aDouble=fast", "\"aDouble\" must be a number"},
      {"aBool=yes", "\"aBool\" must be a bool"},
      {"aColor=COLOR_GREEN", "\"aColor\" must be a value of Color"},
      {"aColor=7", "\"aColor\" must be a value of Color"},
      {"manyInt64=1&manyInt64=x", "\"manyInt64\" must be an int64"},
      {"aBytes=%%%", "\"aBytes\" has a bad %-escape"},
      {"aBytes=***", "\"aBytes\" must be base64"},
      {"aString=%FF", "\"aString\" must be valid UTF-8"},
      {"at=yesterday", "\"at\" must be an RFC 3339 time"},
  };
  for (const auto& [query, expected] : cases) {
    AllTypes m;
    absl::Status status = Bind(query, m);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << query;
    EXPECT_THAT(Message(status), HasSubstr(expected)) << query;
  }
}

TEST(QueryBinderTest, StringValuesAreNeverQuotedInErrors) {
  v1::GetWorkspaceStatsRequest request;
  absl::Status status = Bind("apiKey=%FFsecret", request);
  EXPECT_FALSE(status.ok());
  EXPECT_THAT(Message(status), Not(HasSubstr("secret")));
}

TEST(QueryBinderTest, NestedAndWellKnownTypes) {
  AllTypes m;
  ASSERT_TRUE(Bind("nested.label=a&nested.child.count=2&at=2024-01-02T03:04:05Z"
                   "&wait=1.5s&wrapped=42&maybe=0",
                   m)
                  .ok());
  EXPECT_EQ(m.nested().label(), "a");
  EXPECT_EQ(m.nested().child().count(), 2);
  EXPECT_EQ(m.at().seconds(), 1704164645);
  EXPECT_EQ(m.wait().seconds(), 1);
  EXPECT_EQ(m.wait().nanos(), 500000000);
  EXPECT_EQ(m.wrapped().value(), 42);
  EXPECT_TRUE(m.has_maybe());
}

TEST(QueryBinderTest, MessagesAndRepeatedMessagesAreNotValues) {
  AllTypes m;
  EXPECT_THAT(Message(Bind("nested=x", m)), HasSubstr("names a message"));
  EXPECT_THAT(Message(Bind("nestedList.label=x", m)),
              HasSubstr("inside a repeated field"));
  EXPECT_THAT(Message(Bind("aString.x=1", m)), HasSubstr("unknown"));
}

TEST(QueryBinderTest, SecondMemberOfAOneofIsRefused) {
  AllTypes m;
  absl::Status status = Bind("left=a&right=b", m);
  EXPECT_THAT(Message(status),
              HasSubstr("\"right\" sets a second member of oneof choice"));
}

TEST(QueryBinderTest, EmptyPiecesAndValuesAreFine) {
  AllTypes m;
  ASSERT_TRUE(Bind("&&aString=&&", m).ok());
  EXPECT_EQ(m.a_string(), "");
  EXPECT_TRUE(Bind("", m).ok());
}

TEST(QueryBinderTest, BadEscapeInNameIsRefused) {
  AllTypes m;
  EXPECT_THAT(Message(Bind("a%zz=1", m)),
              HasSubstr("bad %-escape in its name"));
}

}  // namespace
}  // namespace insights::gateway
