#include "server/gateway/path_template.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace insights::gateway {
namespace {

using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::IsEmpty;
using ::testing::Optional;

auto Binding(const std::string& field, const std::string& value) {
  return AllOf(Field(&PathBinding::field_path, field),
               Field(&PathBinding::value, value));
}

PathTemplate Parsed(const std::string& text) {
  absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << parsed.status();
  return parsed.ok() ? *parsed : *PathTemplate::Parse("/");
}

std::optional<std::vector<PathBinding>> MatchPath(const std::string& tmpl,
                                                  const std::string& path) {
  absl::StatusOr<RequestPath> request = RequestPath::Parse(path);
  EXPECT_TRUE(request.ok()) << path;
  return Parsed(tmpl).Match(*request);
}

TEST(PathTemplateTest, LiteralsMatchOnlyThemselves) {
  EXPECT_THAT(MatchPath("/v1/stats", "/v1/stats"), Optional(IsEmpty()));
  EXPECT_EQ(MatchPath("/v1/stats", "/v1/other"), std::nullopt);
  EXPECT_EQ(MatchPath("/v1/stats", "/v1/stats/more"), std::nullopt);
  EXPECT_EQ(MatchPath("/v1/stats", "/v1"), std::nullopt);
  EXPECT_EQ(MatchPath("/v1/stats", "/v1/stats/"), std::nullopt);
}

TEST(PathTemplateTest, RootTemplateMatchesRootOnly) {
  EXPECT_THAT(MatchPath("/", "/"), Optional(IsEmpty()));
  EXPECT_EQ(MatchPath("/", "/x"), std::nullopt);
}

TEST(PathTemplateTest, VariableBindsOneDecodedSegment) {
  EXPECT_THAT(MatchPath("/{workspace}/stats", "/acme/stats"),
              Optional(ElementsAre(Binding("workspace", "acme"))));
  EXPECT_THAT(MatchPath("/{workspace}/stats", "/a%20b%2Fc/stats"),
              Optional(ElementsAre(Binding("workspace", "a b/c"))));
}

TEST(PathTemplateTest, VariableNeedsANonEmptySegment) {
  EXPECT_EQ(MatchPath("/{workspace}/stats", "//stats"), std::nullopt);
  EXPECT_EQ(MatchPath("/{workspace}/stats", "/a/b/stats"), std::nullopt);
}

TEST(PathTemplateTest, NestedFieldPath) {
  EXPECT_THAT(MatchPath("/v1/{parent.shelf}/books/{book_id}", "/v1/s1/books/7"),
              Optional(ElementsAre(Binding("parent.shelf", "s1"),
                                   Binding("book_id", "7"))));
}

TEST(PathTemplateTest, VariableWithSegmentsKeepsItsLiteralsAndSlashes) {
  EXPECT_THAT(
      MatchPath("/v1/{name=shelves/*/books/*}", "/v1/shelves/s1/books/b%2F2"),
      Optional(ElementsAre(Binding("name", "shelves/s1/books/b%2F2"))));
  EXPECT_EQ(MatchPath("/v1/{name=shelves/*}", "/v1/racks/s1"), std::nullopt);
}

TEST(PathTemplateTest, SingleWildcardMatchesOneSegment) {
  EXPECT_THAT(MatchPath("/v1/*/stats", "/v1/anything/stats"),
              Optional(IsEmpty()));
  EXPECT_EQ(MatchPath("/v1/*/stats", "/v1/a/b/stats"), std::nullopt);
}

TEST(PathTemplateTest, DoubleWildcardMatchesTheRest) {
  EXPECT_THAT(MatchPath("/v1/files/{path=**}", "/v1/files/a/b/c.txt"),
              Optional(ElementsAre(Binding("path", "a/b/c.txt"))));
  EXPECT_THAT(MatchPath("/v1/files/{path=**}", "/v1/files"),
              Optional(ElementsAre(Binding("path", ""))));
  EXPECT_THAT(MatchPath("/v1/**", "/v1/x/y"), Optional(IsEmpty()));
  EXPECT_EQ(MatchPath("/v1/files/{path=**}", "/v2/files/a"), std::nullopt);
}

TEST(PathTemplateTest, VerbMustBePresentAndIsNotPartOfTheValue) {
  EXPECT_THAT(MatchPath("/v1/{name=things/*}:archive", "/v1/things/t1:archive"),
              Optional(ElementsAre(Binding("name", "things/t1"))));
  EXPECT_THAT(MatchPath("/v1/{id}:cancel", "/v1/op%201:cancel"),
              Optional(ElementsAre(Binding("id", "op 1"))));
  EXPECT_EQ(MatchPath("/v1/{id}:cancel", "/v1/op1"), std::nullopt);
  EXPECT_EQ(MatchPath("/v1/{id}:cancel", "/v1/op1:undo"), std::nullopt);
}

TEST(PathTemplateTest, ColonWithoutVerbBelongsToTheValue) {
  EXPECT_THAT(MatchPath("/v1/{id}", "/v1/a:b"),
              Optional(ElementsAre(Binding("id", "a:b"))));
}

TEST(PathTemplateTest, RejectsMalformedTemplates) {
  for (const char* bad :
       {"", "v1/stats", "/v1//stats", "/v1/{", "/v1/{}", "/v1/{a", "/v1/{1a}",
        "/v1/{a=b/{c}}", "/v1/**/x", "/v1/{a}/{a}", "/v1/x:", "/v1/x:y/z",
        "/v1/{a.}", "/v1/x}"}) {
    EXPECT_FALSE(PathTemplate::Parse(bad).ok()) << bad;
  }
}

TEST(PathTemplateTest, ErrorNamesTheTemplate) {
  absl::StatusOr<PathTemplate> parsed = PathTemplate::Parse("/v1/**/x");
  ASSERT_FALSE(parsed.ok());
  EXPECT_THAT(std::string(parsed.status().message()),
              ::testing::HasSubstr("/v1/**/x"));
}

TEST(PathTemplateTest, DescribesItselfForOpenApi) {
  PathTemplate t = Parsed("/v1/shelves/{parent.shelf}/{name=things/*}:get");
  EXPECT_EQ(t.OpenApiPath(), "/v1/shelves/{parent.shelf}/{name}:get");
  EXPECT_EQ(t.VariablePattern("name"), "things/*");
  EXPECT_EQ(t.VariablePattern("parent.shelf"), "*");
  EXPECT_THAT(t.VariableFieldPaths(), ElementsAre("parent.shelf", "name"));
  EXPECT_EQ(t.literal_count(), 3);
}

TEST(RequestPathTest, RejectsBadPaths) {
  EXPECT_FALSE(RequestPath::Parse("stats").ok());
  EXPECT_FALSE(RequestPath::Parse("/a%2").ok());
  EXPECT_FALSE(RequestPath::Parse("/a%zz").ok());
}

}  // namespace
}  // namespace insights::gateway
