#include "server/gateway/openapi.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "insights/v1/stats_service.pb.h"
#include "tests/gateway/testing/echo_service.pb.h"

namespace insights::gateway {
namespace {

using ::testing::IsSupersetOf;
using ::testing::UnorderedElementsAre;
using Json = nlohmann::ordered_json;

Json Document(const std::vector<std::string>& services) {
  absl::StatusOr<HttpRuleTable> table = HttpRuleTable::Build(services);
  EXPECT_TRUE(table.ok());
  // Through text, as clients get it.
  return Json::parse(
      BuildOpenApi(*table, OpenApiInfo(), &ServiceQueryAliases()).dump(2));
}

std::vector<std::string> ParameterNames(const Json& operation) {
  std::vector<std::string> names;
  for (const Json& p : operation["parameters"]) names.push_back(p["name"]);
  return names;
}

const Json& Parameter(const Json& operation, const std::string& name) {
  for (const Json& p : operation["parameters"]) {
    if (p["name"] == name) return p;
  }
  static const Json kNone;
  ADD_FAILURE() << "no parameter " << name;
  return kNone;
}

TEST(OpenApiTest, StatsOperationNamesEveryParameter) {
  Json doc = Document({"insights.v1.AnnotationInsightsService"});
  EXPECT_EQ(doc["openapi"], "3.0.3");
  for (const std::string path :
       {"/{workspace}/stats", "/v1/workspaces/{workspace}/stats"}) {
    ASSERT_TRUE(doc["paths"].contains(path)) << path;
    const Json& get = doc["paths"][path]["get"];
    EXPECT_THAT(ParameterNames(get),
                UnorderedElementsAre("workspace", "startDate", "endDate",
                                     "projectId", "userId", "apiKey"));
    EXPECT_EQ(Parameter(get, "workspace")["in"], "path");
    EXPECT_EQ(Parameter(get, "workspace")["required"], true);
    EXPECT_EQ(Parameter(get, "startDate")["in"], "query");
    EXPECT_EQ(Parameter(get, "projectId")["schema"]["type"], "array");
    EXPECT_EQ(Parameter(get, "projectId")["schema"]["items"]["type"], "string");
    EXPECT_THAT(Parameter(get, "projectId")["description"].get<std::string>(),
                ::testing::HasSubstr("`project`"));
  }
  EXPECT_EQ(doc["paths"]["/{workspace}/stats"]["get"]["operationId"],
            "AnnotationInsightsService_GetWorkspaceStats");
  EXPECT_EQ(
      doc["paths"]["/v1/workspaces/{workspace}/stats"]["get"]["operationId"],
      "AnnotationInsightsService_GetWorkspaceStats_2");
}

TEST(OpenApiTest, SchemasUseTheTypesTheGatewayWrites) {
  Json doc = Document({"insights.v1.AnnotationInsightsService"});
  const Json& schemas = doc["components"]["schemas"];
  const Json& row = schemas["insights.v1.LabelerProjectStats"]["properties"];
  EXPECT_EQ(row["imagesLabeled"],
            Json({{"type", "integer"}, {"format", "int64"}}));
  EXPECT_EQ(row["approvalRate"]["type"], "number");
  EXPECT_EQ(row["approvalRate"]["nullable"], true);
  EXPECT_EQ(row["projectId"]["type"], "string");
  const Json& reply =
      schemas["insights.v1.GetWorkspaceStatsResponse"]["properties"];
  EXPECT_EQ(reply["data"]["items"]["$ref"],
            "#/components/schemas/insights.v1.LabelerProjectStats");
  EXPECT_EQ(reply["stats"]["$ref"],
            "#/components/schemas/insights.v1.WorkspaceTotals");
  EXPECT_EQ(schemas["google.rpc.Status"]["properties"]["code"]["type"],
            "integer");
  const Json& responses =
      doc["paths"]["/{workspace}/stats"]["get"]["responses"];
  EXPECT_EQ(responses["200"]["content"]["application/json"]["schema"]["$ref"],
            "#/components/schemas/insights.v1.GetWorkspaceStatsResponse");
  EXPECT_EQ(
      responses["default"]["content"]["application/json"]["schema"]["$ref"],
      "#/components/schemas/google.rpc.Status");
}

TEST(OpenApiTest, EchoServiceBodiesNestedNamesAndResponseBody) {
  Json doc = Document({"insights.testing.v1.EchoService"});
  const Json& paths = doc["paths"];
  const Json& get_thing = paths["/v1/shelves/{parent.shelf}/{name}"]["get"];
  EXPECT_THAT(ParameterNames(get_thing),
              UnorderedElementsAre("parent.shelf", "name", "verbose"));
  EXPECT_THAT(Parameter(get_thing, "name")["description"].get<std::string>(),
              ::testing::HasSubstr("things/*"));

  const Json& create = paths["/v1/things"]["post"];
  EXPECT_TRUE(create["parameters"].empty());
  EXPECT_EQ(
      create["requestBody"]["content"]["application/json"]["schema"]["$ref"],
      "#/components/schemas/insights.testing.v1.Thing");

  const Json& patch = paths["/v1/shelves/{shelf}/things/{thing.id}"]["patch"];
  EXPECT_THAT(ParameterNames(patch),
              UnorderedElementsAre("shelf", "thing.id", "validateOnly"));
  EXPECT_TRUE(paths["/v1/shelves/{shelf}/things/{thing.id}"].contains("put"));

  const Json& labels = paths["/v1/labels"]["get"]["responses"]["200"];
  EXPECT_EQ(labels["content"]["application/json"]["schema"]["type"], "array");
  EXPECT_TRUE(paths.contains("/v1/{name}:archive"));
  EXPECT_TRUE(paths.contains("/healthz"));

  const Json& types = paths["/v1/types"]["get"];
  EXPECT_THAT(ParameterNames(types),
              IsSupersetOf({"anInt64", "manyColors", "nested.label",
                            "nested.child.count", "at", "wrapped"}));
  EXPECT_EQ(Parameter(types, "manyColors")["schema"]["items"]["enum"],
            Json({"COLOR_UNSPECIFIED", "COLOR_RED", "COLOR_BLUE"}));
  EXPECT_EQ(Parameter(types, "aUint64")["schema"]["minimum"], 0);
}

}  // namespace
}  // namespace insights::gateway
