#include "server/gateway/http_rule_table.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "insights/v1/stats_service.pb.h"
#include "tests/gateway/testing/echo_service.pb.h"

namespace insights::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

constexpr char kEcho[] = "insights.testing.v1.EchoService";
constexpr char kStats[] = "insights.v1.AnnotationInsightsService";

HttpRuleTable Table(const std::vector<std::string>& services) {
  absl::StatusOr<HttpRuleTable> table = HttpRuleTable::Build(services);
  EXPECT_TRUE(table.ok()) << table.status();
  return table.ok() ? std::move(*table) : *HttpRuleTable::Build({});
}

HttpRuleTable::Lookup Find(const HttpRuleTable& table,
                           const std::string& method, const std::string& path) {
  return table.Find(method, *RequestPath::Parse(path));
}

TEST(HttpRuleTableTest, StatsServiceHasThePublicPathAndTheVersionedOne) {
  HttpRuleTable table = Table({kStats});
  ASSERT_EQ(table.routes().size(), 2u);
  for (const std::string path : {"/acme/stats", "/v1/workspaces/acme/stats"}) {
    HttpRuleTable::Lookup found = Find(table, "GET", path);
    ASSERT_NE(found.route, nullptr) << path;
    EXPECT_EQ(found.route->grpc_path,
              "/insights.v1.AnnotationInsightsService/GetWorkspaceStats");
    ASSERT_EQ(found.bindings.size(), 1u);
    EXPECT_EQ(found.bindings[0].value, "acme");
  }
}

TEST(HttpRuleTableTest, EveryAnnotatedEchoMethodIsRouted) {
  HttpRuleTable table = Table({kEcho});
  std::vector<std::string> methods;
  for (const Route& route : table.routes())
    methods.push_back(route.method->name());
  EXPECT_THAT(methods,
              ::testing::IsSupersetOf(
                  {"GetThing", "GetDefaultThing", "GetFile", "CreateThing",
                   "UpdateThing", "ListLabels", "DeleteThing", "ArchiveThing",
                   "EchoTypes", "Fail", "EchoMetadata"}));
  EXPECT_THAT(methods, ::testing::Not(::testing::Contains("Hidden")));
}

TEST(HttpRuleTableTest, AdditionalBindingsKeepBodyAndIndex) {
  HttpRuleTable table = Table({kEcho});
  HttpRuleTable::Lookup put = Find(table, "PUT", "/v1/shelves/s/things/t");
  ASSERT_NE(put.route, nullptr);
  EXPECT_EQ(put.route->method->name(), "UpdateThing");
  EXPECT_EQ(put.route->body, "thing");
  EXPECT_EQ(put.route->binding_index, 1);
  EXPECT_THAT(put.route->path_fields, ElementsAre("shelf", "thing.id"));
}

TEST(HttpRuleTableTest, WrongMethodListsTheAllowedOnes) {
  HttpRuleTable table = Table({kEcho});
  HttpRuleTable::Lookup found = Find(table, "POST", "/v1/things/t1");
  EXPECT_EQ(found.route, nullptr);
  EXPECT_THAT(found.allowed_methods, UnorderedElementsAre("GET", "DELETE"));
}

TEST(HttpRuleTableTest, UnknownPathFindsNothing) {
  HttpRuleTable table = Table({kEcho});
  HttpRuleTable::Lookup found = Find(table, "GET", "/v2/nothing");
  EXPECT_EQ(found.route, nullptr);
  EXPECT_THAT(found.allowed_methods, IsEmpty());
}

TEST(HttpRuleTableTest, MoreLiteralsWin) {
  HttpRuleTable table = Table({kEcho});
  HttpRuleTable::Lookup found = Find(table, "GET", "/v1/things/default");
  ASSERT_NE(found.route, nullptr);
  EXPECT_EQ(found.route->method->name(), "GetDefaultThing");
  found = Find(table, "GET", "/v1/things/other");
  ASSERT_NE(found.route, nullptr);
  EXPECT_EQ(found.route->method->name(), "GetThing");
}

TEST(HttpRuleTableTest, ReplyTypeThatContainsItselfIsRefused) {
  absl::StatusOr<HttpRuleTable> table =
      HttpRuleTable::Build({"insights.testing.v1.RecursiveService"});
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(table.status().message()),
              ::testing::HasSubstr("Recursive"));
}

TEST(HttpRuleTableTest, UnknownServiceIsNotFound) {
  absl::StatusOr<HttpRuleTable> table =
      HttpRuleTable::Build({"no.such.Service"});
  EXPECT_EQ(table.status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace insights::gateway
